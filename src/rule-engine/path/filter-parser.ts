import { FORBIDDEN_NAMES, LIMITS } from '../limits';
import { ComparisonOperator, FilterExpression, Literal } from './path-ast';
import { isDigit, isIdentifierPart, isIdentifierStart, isLetter, isStringLiteralChar } from './char-classes';
import { PathSyntaxError } from './path-syntax.error';

type Token =
  | { kind: 'member'; names: string[]; start: number }
  | { kind: 'literal'; value: Literal; start: number }
  | { kind: 'compare'; operator: ComparisonOperator; start: number }
  | { kind: 'punct'; value: '&&' | '||' | '!' | '(' | ')'; start: number }
  | { kind: 'end'; start: number };

const COMPARISONS: readonly ComparisonOperator[] = ['===', '!==', '==', '!=', '<=', '>=', '<', '>'];
const WORD_LITERALS: ReadonlyMap<string, Literal> = new Map<string, Literal>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

/**
 * Parses the inside of `[?( ... )]`: `@.a.b` compared with a literal (either side), bare `@.a.b`,
 * `&&`, `||`, `!` and parentheses, with JavaScript precedence (so it means what jsonpath-plus means).
 * Anything else (calls, regex, arithmetic, `@root`, assignments, ...) is a syntax error. Recursion is
 * bounded by LIMITS.maxFilterNesting; `&&`/`||` chains are n-ary, not nested.
 */
export class FilterParser {
  private pos: number;
  private lookahead: Token;
  private nesting = 0;

  /** `start` is the index just after `?(`; parsing stops before the `)` that closes the filter. */
  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.pos = start;
    this.lookahead = this.readToken();
  }

  /** Returns the expression and the index of the closing `)` of `?(`. */
  parse(): { expression: FilterExpression; end: number } {
    if (this.lookahead.kind === 'punct' && this.lookahead.value === ')') {
      throw new PathSyntaxError('empty filter', this.lookahead.start);
    }
    const expression = this.parseOr();
    const token = this.lookahead;
    if (!(token.kind === 'punct' && token.value === ')')) {
      throw new PathSyntaxError('expected ")" to close the filter', token.start);
    }
    return { expression, end: token.start };
  }

  private parseOr(): FilterExpression {
    const operands = [this.parseAnd()];
    while (this.isPunct('||')) {
      this.advance();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): FilterExpression {
    const operands = [this.parseUnary()];
    while (this.isPunct('&&')) {
      this.advance();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseUnary(): FilterExpression {
    const token = this.lookahead;
    if (token.kind === 'punct' && token.value === '!') {
      this.enter(token.start);
      this.advance();
      const next = this.lookahead;
      const operand = this.parseUnary();
      // `!@.a === 1` means `(!@.a) === 1` in JavaScript; refuse it rather than mean something else.
      if (operand.kind === 'compare' && !(next.kind === 'punct' && next.value === '(')) {
        throw new PathSyntaxError('put a comparison negated with "!" in parentheses', next.start);
      }
      this.nesting--;
      return { kind: 'not', operand };
    }
    if (token.kind === 'punct' && token.value === '(') {
      this.enter(token.start);
      this.advance();
      const inner = this.parseOr();
      this.expectPunct(')');
      this.nesting--;
      if (this.lookahead.kind === 'compare') {
        throw new PathSyntaxError('only @.name can be compared with a literal', this.lookahead.start);
      }
      return inner;
    }
    if (token.kind === 'member') {
      this.advance();
      const op = this.lookahead;
      if (op.kind !== 'compare') return { kind: 'truthy', member: token.names };
      this.advance();
      const literal = this.lookahead;
      if (literal.kind !== 'literal') throw new PathSyntaxError('expected a literal after the comparison', literal.start);
      this.advance();
      this.refuseChainedComparison();
      return { kind: 'compare', member: token.names, operator: op.operator, literal: literal.value, memberOnLeft: true };
    }
    if (token.kind === 'literal') {
      this.advance();
      const op = this.lookahead;
      if (op.kind !== 'compare') throw new PathSyntaxError('a literal must be compared with @.name', op.start);
      this.advance();
      const member = this.lookahead;
      if (member.kind !== 'member') throw new PathSyntaxError('expected @.name after the comparison', member.start);
      this.advance();
      this.refuseChainedComparison();
      return { kind: 'compare', member: member.names, operator: op.operator, literal: token.value, memberOnLeft: false };
    }
    throw new PathSyntaxError('expected @.name, a literal, "!" or "("', token.start);
  }

  private refuseChainedComparison(): void {
    if (this.lookahead.kind === 'compare') {
      throw new PathSyntaxError('comparisons cannot be chained', this.lookahead.start);
    }
  }

  private enter(at: number): void {
    this.nesting++;
    if (this.nesting > LIMITS.maxFilterNesting) {
      throw new PathSyntaxError(`filter nesting deeper than ${LIMITS.maxFilterNesting}`, at);
    }
  }

  private isPunct(value: string): boolean {
    return this.lookahead.kind === 'punct' && this.lookahead.value === value;
  }

  private expectPunct(value: string): void {
    if (!this.isPunct(value)) throw new PathSyntaxError(`expected "${value}"`, this.lookahead.start);
    this.advance();
  }

  private advance(): void {
    this.lookahead = this.readToken();
  }

  private readToken(): Token {
    const text = this.text;
    while (this.pos < text.length && text.charCodeAt(this.pos) === 32) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'end', start };
    const c = text[start];
    if (c === '@') return this.readMember(start);
    if (c === "'" || c === '"') return this.readString(start, c);
    if (isDigit(text.charCodeAt(start)) || (c === '-' && isDigit(text.charCodeAt(start + 1)))) {
      return this.readNumber(start);
    }
    if (isLetter(text.charCodeAt(start))) return this.readWord(start);
    for (const operator of COMPARISONS) {
      if (text.startsWith(operator, start)) {
        this.pos += operator.length;
        return { kind: 'compare', operator, start };
      }
    }
    for (const value of ['&&', '||', '!', '(', ')'] as const) {
      if (text.startsWith(value, start)) {
        this.pos += value.length;
        return { kind: 'punct', value, start };
      }
    }
    throw new PathSyntaxError(`unexpected character ${JSON.stringify(c)} in filter`, start);
  }

  private readMember(start: number): Token {
    const text = this.text;
    const names: string[] = [];
    this.pos = start + 1;
    while (text[this.pos] === '.') {
      const nameStart = ++this.pos;
      if (!isIdentifierStart(text.charCodeAt(nameStart))) {
        throw new PathSyntaxError('expected a property name after "@."', nameStart);
      }
      while (isIdentifierPart(text.charCodeAt(this.pos))) this.pos++;
      const name = text.slice(nameStart, this.pos);
      if (FORBIDDEN_NAMES.has(name)) throw new PathSyntaxError(`property name "${name}" is not allowed`, nameStart);
      names.push(name);
    }
    if (names.length === 0) {
      throw new PathSyntaxError('"@" must be followed by .name (@root, @parent, @property, @path are not allowed)', start);
    }
    return { kind: 'member', names, start };
  }

  private readString(start: number, quote: string): Token {
    const text = this.text;
    let i = start + 1;
    while (i < text.length && text[i] !== quote) {
      if (!isStringLiteralChar(text.charCodeAt(i))) {
        throw new PathSyntaxError(`character ${JSON.stringify(text[i])} is not allowed in a string literal`, i);
      }
      i++;
    }
    if (i >= text.length) throw new PathSyntaxError('unterminated string literal', start);
    this.pos = i + 1;
    return { kind: 'literal', value: text.slice(start + 1, i), start };
  }

  /** JSON-style numbers only: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`. */
  private readNumber(start: number): Token {
    const text = this.text;
    let i = start;
    if (text[i] === '-') i++;
    if (text[i] === '0') {
      i++;
      if (isDigit(text.charCodeAt(i))) throw new PathSyntaxError('numbers cannot have leading zeros', start);
    } else {
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (text[i] === '.') {
      i++;
      if (!isDigit(text.charCodeAt(i))) throw new PathSyntaxError('expected digits after "."', i);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit(text.charCodeAt(i))) throw new PathSyntaxError('expected digits in the exponent', i);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (isIdentifierPart(text.charCodeAt(i)) || text[i] === '.') {
      throw new PathSyntaxError('malformed number', start);
    }
    this.pos = i;
    return { kind: 'literal', value: Number(text.slice(start, i)), start };
  }

  private readWord(start: number): Token {
    const text = this.text;
    let i = start;
    while (isIdentifierPart(text.charCodeAt(i))) i++;
    const word = text.slice(start, i);
    if (!WORD_LITERALS.has(word)) {
      throw new PathSyntaxError(`unknown word "${word}" (only true, false and null are allowed)`, start);
    }
    this.pos = i;
    return { kind: 'literal', value: WORD_LITERALS.get(word) as Literal, start };
  }
}
