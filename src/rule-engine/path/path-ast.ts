/** The parsed form of a path from the SPEC section 4 grammar. Evaluated by PathEvaluator, never by eval. */

export type ComparisonOperator = '===' | '!==' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Literal = string | number | boolean | null;

export type FilterExpression =
  | { kind: 'or'; operands: readonly FilterExpression[] }
  | { kind: 'and'; operands: readonly FilterExpression[] }
  | { kind: 'not'; operand: FilterExpression }
  /** Bare `@.a.b`: true when the value is truthy. */
  | { kind: 'truthy'; member: readonly string[] }
  /** `@.a.b <op> literal`, or `literal <op> @.a.b` when memberOnLeft is false. */
  | { kind: 'compare'; member: readonly string[]; operator: ComparisonOperator; literal: Literal; memberOnLeft: boolean };

export type Segment =
  | { kind: 'name'; name: string }
  | { kind: 'wildcard' }
  /**
   * `source` is the filter as jsonpath-plus sees it (`?(...)`): after a name or wildcard segment
   * jsonpath-plus first looks for an own property with exactly that name, and so do we.
   */
  | { kind: 'filter'; expression: FilterExpression; source: string };

export interface ParsedPath {
  readonly source: string;
  readonly segments: readonly Segment[];
}
