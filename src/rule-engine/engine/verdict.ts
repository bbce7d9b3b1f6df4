/** The reference's Review.reason enum, in its order; a rule's `reason` param must be one of them. */
export const REVIEW_REASON_VALUES = [
  'OTHER',
  'VERIFIED',
  'VALID_DATA',
  'FLAGGED_FOR_SPOT_CHECK',
  'DUPLICATE',
  'INVALID_MERCHANT',
  'INVALID_DATE',
  'INSUFFICIENT_DATA',
  'SUSPICIOUS',
  'SUSPICIOUS_CONTEXT',
  'RULE_ENGINE_THREW_ERROR',
  'INVALID_VENUE',
  'FORMAT_SUBMISSION_LIMIT_EXCEEDED',
  'MERCHANT_SUBMISSION_LIMIT_EXCEEDED',
  'NO_QUALIFYING_PRODUCTS',
  'INVALID_MULTIPAGE_CLAIM',
  'TEST',
] as const;
export type ReviewReason = (typeof REVIEW_REASON_VALUES)[number];

export const REVIEW_REASONS: ReadonlySet<string> = new Set(REVIEW_REASON_VALUES);

export const VERDICT_KEY = 'verdict';
export const REASON_KEY = 'reason';
export const STOP_KEY = 'stopRuleEngine';

/** Severity of known verdicts; anything else (the reference's own example uses "SUCCESS") ranks 0. */
const SEVERITY: ReadonlyMap<unknown, number> = new Map<unknown, number>([
  ['AUTHORIZE', 1],
  ['ABSTAIN', 2],
  ['REJECT', 3],
]);

export interface HeldVerdict {
  verdict: unknown;
  reason: string | undefined;
}

/**
 * Which verdict the response keeps when a rule offers one. The strictly more severe verdict wins
 * (REJECT > ABSTAIN > AUTHORIZE); on equal severity the one seen first stays, because it came from a
 * rule of higher (or equal) priority. Unknown values rank below AUTHORIZE: stored as given while no
 * known verdict has been seen, displaced by any known one, never displacing one. A `reason` always
 * travels with the verdict it came with.
 */
export function mergeVerdict(held: HeldVerdict | null, offered: HeldVerdict): HeldVerdict {
  if (held === null) return offered;
  return severity(offered.verdict) > severity(held.verdict) ? offered : held;
}

export function severity(verdict: unknown): number {
  return SEVERITY.get(verdict) ?? 0;
}
