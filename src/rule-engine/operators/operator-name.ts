import { LIMITS } from '../limits';

/** json-rules-engine 7.3's built-in operators. */
export const DEFAULT_OPERATORS: ReadonlySet<string> = new Set([
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
]);

/** json-rules-engine 7.3's built-in operator decorators, written `decorator:operator` (`everyFact:greaterThan`). */
export const DECORATORS: ReadonlySet<string> = new Set(['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not']);

export const VENUE_MATCHES = 'venueMatches';

export interface OperatorName {
  base: string;
  decorators: string[];
}

/**
 * Splits `someFact:not:equal` into decorators and base operator, or explains why it is not allowed.
 * Decorators work on the built-in operators only: `venueMatches` takes a venue id, not a fact value.
 */
export function parseOperatorName(raw: unknown): OperatorName | string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 200) return 'operator must be a non-empty string';
  const parts = raw.split(':');
  const base = parts[parts.length - 1];
  const decorators = parts.slice(0, -1);
  if (decorators.length > LIMITS.maxOperatorDecorators) return `an operator can have at most ${LIMITS.maxOperatorDecorators} decorators`;
  for (const decorator of decorators) {
    if (!DECORATORS.has(decorator)) return `Unknown operator decorator "${decorator}"`;
  }
  if (base === VENUE_MATCHES) {
    return decorators.length > 0 ? 'venueMatches cannot be decorated' : { base, decorators };
  }
  if (!DEFAULT_OPERATORS.has(base)) return `Unknown operator "${raw}"`;
  return { base, decorators };
}
