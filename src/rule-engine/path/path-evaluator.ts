import { FilterExpression, ParsedPath, Segment } from './path-ast';

const hasOwn = (value: unknown, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * One match in flight. `literalNext` mirrors jsonpath-plus's `literalPriority`: after it follows a name
 * or expands a wildcard, its next step first tries an own property named like the next segment
 * (`*`, `?(...)`). `fromArray` mirrors its `hasArrExpr`: the match went through a wildcard or filter.
 */
interface Match {
  value: unknown;
  literalNext: boolean;
  fromArray: boolean;
}

/**
 * Evaluates a parsed path against a JSON value with jsonpath-plus `wrap: false` semantics: one match
 * that went through no wildcard or filter is returned as is, any other non-empty result is an array,
 * no match is `undefined`. Only own properties are ever read; nothing is evaluated as code.
 */
export class PathEvaluator {
  private readonly segments: readonly Segment[];
  /** True when every segment is a plain name: a straight walk, no bookkeeping. */
  private readonly namesOnly: boolean;

  constructor(path: ParsedPath) {
    this.segments = path.segments;
    this.namesOnly = path.segments.every((s) => s.kind === 'name');
  }

  evaluate(root: unknown): unknown {
    return this.namesOnly ? this.walkNames(root) : this.walkAll(root);
  }

  private walkNames(root: unknown): unknown {
    let value = root;
    for (const segment of this.segments) {
      const name = (segment as { name: string }).name;
      if (!value || !hasOwn(value, name)) return undefined;
      value = (value as Record<string, unknown>)[name];
    }
    return value;
  }

  private walkAll(root: unknown): unknown {
    let matches: Match[] = [{ value: root, literalNext: false, fromArray: false }];
    for (const segment of this.segments) {
      const next: Match[] = [];
      const key = segment.kind === 'name' ? segment.name : segment.kind === 'wildcard' ? '*' : segment.source;
      for (const match of matches) {
        const value = match.value;
        if (match.literalNext && value && hasOwn(value, key)) {
          next.push({ value: (value as Record<string, unknown>)[key], literalNext: false, fromArray: match.fromArray });
        } else if (segment.kind === 'name') {
          if (!match.literalNext && value && hasOwn(value, key)) {
            next.push({ value: (value as Record<string, unknown>)[key], literalNext: true, fromArray: match.fromArray });
          }
        } else if (segment.kind === 'wildcard') {
          forEachChild(value, (child) => next.push({ value: child, literalNext: true, fromArray: true }));
        } else {
          const expression = segment.expression;
          forEachChild(value, (child) => {
            if (test(expression, child)) next.push({ value: child, literalNext: false, fromArray: true });
          });
        }
      }
      if (next.length === 0) return undefined;
      matches = next;
    }
    if (matches.length === 1 && !matches[0].fromArray) return matches[0].value;
    return matches.map((m) => m.value);
  }
}

/** Array items in order, or an object's own enumerable values in Object.keys order; nothing for scalars. */
function forEachChild(value: unknown, visit: (child: unknown) => void): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(value[i]);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) visit(record[key]);
  }
}

function test(expression: FilterExpression, item: unknown): boolean {
  switch (expression.kind) {
    case 'or':
      return expression.operands.some((operand) => test(operand, item));
    case 'and':
      return expression.operands.every((operand) => test(operand, item));
    case 'not':
      return !test(expression.operand, item);
    case 'truthy':
      return Boolean(readMember(item, expression.member));
    case 'compare': {
      const value = readMember(item, expression.member);
      return expression.memberOnLeft
        ? compare(value, expression.operator, expression.literal)
        : compare(expression.literal, expression.operator, value);
    }
  }
}

/**
 * `@.a.b` on one item. A missing step reads as `undefined` (jsonpath-plus throws when an intermediate
 * step is missing or null; the SPEC says a missing field is simply not a match, never an error).
 */
function readMember(item: unknown, names: readonly string[]): unknown {
  let value = item;
  for (const name of names) {
    if (value === undefined || value === null || !hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** JavaScript comparison semantics, as jsonpath-plus's evaluator applies them. */
function compare(left: unknown, operator: string, right: unknown): boolean {
  try {
    switch (operator) {
      case '===':
        return left === right;
      case '!==':
        return left !== right;
      // Loose equality on purpose: it is what `==` means in jsonpath-plus filters.
      case '==':
        return left == right;
      case '!=':
        return left != right;
      case '<':
        return (left as number) < (right as number);
      case '<=':
        return (left as number) <= (right as number);
      case '>':
        return (left as number) > (right as number);
      case '>=':
        return (left as number) >= (right as number);
      default:
        return false;
    }
  } catch {
    // Coercing a hostile object (e.g. {"toString": 1}) throws; that item is simply not a match.
    return false;
  }
}
