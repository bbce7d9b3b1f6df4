import { FORBIDDEN_NAMES, LIMITS } from '../limits';
import { isDigit, isIdentifierStart, isNamePart, isQuotedNameChar } from './char-classes';
import { FilterParser } from './filter-parser';
import { ParsedPath, Segment } from './path-ast';
import { PathSyntaxError } from './path-syntax.error';

const MAX_INDEX_DIGITS = 15;

/**
 * Parses a path of the SPEC section 4 grammar: `$` then `.name`, `['name']`, `[n]`, `[*]`, `.*`,
 * `[?(filter)]`. One left-to-right pass, no regular expressions, no backtracking. Everything outside the
 * grammar (`..`, slices, unions, `[(expr)]` scripts, `@root`, `^`, `~`, ...) is a PathSyntaxError.
 */
export function parsePath(source: unknown): ParsedPath {
  if (typeof source !== 'string') throw new PathSyntaxError('a path must be a string', 0);
  if (source.length > LIMITS.maxPathLength) {
    throw new PathSyntaxError(`a path can have at most ${LIMITS.maxPathLength} characters`, LIMITS.maxPathLength);
  }
  if (source[0] !== '$') throw new PathSyntaxError('a path must start with "$"', 0);
  const segments: Segment[] = [];
  let i = 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '.') {
      i = readDotSegment(source, i + 1, segments);
    } else if (c === '[') {
      i = readBracketSegment(source, i + 1, segments);
    } else {
      throw new PathSyntaxError(`unexpected character ${JSON.stringify(c)}, expected "." or "["`, i);
    }
  }
  return { source, segments };
}

function readDotSegment(source: string, start: number, segments: Segment[]): number {
  const c = source[start];
  if (c === '.') throw new PathSyntaxError('recursive descent ("..") is not allowed', start - 1);
  if (c === '*') {
    segments.push({ kind: 'wildcard' });
    return start + 1;
  }
  if (!isIdentifierStart(source.charCodeAt(start))) {
    throw new PathSyntaxError('expected a property name (letters, digits, "_", "-") or "*" after "."', start);
  }
  let i = start + 1;
  while (isNamePart(source.charCodeAt(i))) i++;
  pushName(source.slice(start, i), start, segments);
  return i;
}

function readBracketSegment(source: string, start: number, segments: Segment[]): number {
  const c = source[start];
  if (c === '*') {
    expectChar(source, start + 1, ']');
    segments.push({ kind: 'wildcard' });
    return start + 2;
  }
  if (c === "'") return readQuotedName(source, start + 1, segments);
  if (c === '-' || isDigit(source.charCodeAt(start))) return readIndex(source, start, segments);
  if (c === '?') {
    expectChar(source, start + 1, '(');
    const { expression, end } = new FilterParser(source, start + 2).parse();
    expectChar(source, end + 1, ']');
    // jsonpath-plus's own name for this segment is the text between `[` and `]`.
    segments.push({ kind: 'filter', expression, source: source.slice(start, end + 1) });
    return end + 2;
  }
  if (c === '(') throw new PathSyntaxError('script expressions "[(...)]" are not allowed', start);
  if (c === '"') throw new PathSyntaxError("quote property names with single quotes: ['name']", start);
  throw new PathSyntaxError('expected *, a number, a quoted name or ?( after "["', start);
}

function readQuotedName(source: string, start: number, segments: Segment[]): number {
  let i = start;
  while (i < source.length && source[i] !== "'") {
    if (!isQuotedNameChar(source.charCodeAt(i))) {
      throw new PathSyntaxError(
        `character ${JSON.stringify(source[i])} is not allowed in a quoted name (letters, digits, "_", "-", space)`,
        i,
      );
    }
    i++;
  }
  if (i >= source.length) throw new PathSyntaxError('unterminated quoted name', start - 1);
  if (i === start) throw new PathSyntaxError('empty property name', start);
  expectChar(source, i + 1, ']');
  pushName(source.slice(start, i), start, segments);
  return i + 2;
}

/** `[n]` is a property lookup of the digits as written, exactly as in jsonpath-plus (so `[-1]` never matches an array item). */
function readIndex(source: string, start: number, segments: Segment[]): number {
  let i = source[start] === '-' ? start + 1 : start;
  const digitsStart = i;
  while (isDigit(source.charCodeAt(i))) i++;
  if (i === digitsStart) throw new PathSyntaxError('expected digits', i);
  if (i - digitsStart > MAX_INDEX_DIGITS) throw new PathSyntaxError('index too long', start);
  if (source[i] === ':') throw new PathSyntaxError('slices are not allowed', i);
  if (source[i] === ',') throw new PathSyntaxError('unions are not allowed', i);
  expectChar(source, i, ']');
  segments.push({ kind: 'name', name: source.slice(start, i) });
  return i + 1;
}

function pushName(name: string, at: number, segments: Segment[]): void {
  if (FORBIDDEN_NAMES.has(name)) throw new PathSyntaxError(`property name "${name}" is not allowed`, at);
  segments.push({ kind: 'name', name });
}

function expectChar(source: string, at: number, expected: string): void {
  if (source[at] !== expected) {
    const found = at < source.length ? JSON.stringify(source[at]) : 'the end of the path';
    throw new PathSyntaxError(`expected "${expected}" but found ${found}`, at);
  }
}
