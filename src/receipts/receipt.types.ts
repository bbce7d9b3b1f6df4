/** Vocabulary of receipts and reviews, as the reference's schemas spell it. */

export const RECEIPT_STATUSES = ['PENDING', 'AUTHORIZED', 'REJECTED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const VERDICTS = ['ABSTAIN', 'REJECT', 'AUTHORIZE'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The reference's Review.reason enum, in its order (kept equal to the rule engine's REVIEW_REASONS by a unit test). */
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

export function isReviewReason(v: unknown): v is ReviewReason {
  return typeof v === 'string' && (REVIEW_REASON_VALUES as readonly string[]).includes(v);
}

/** Status follows the paramount review (SPEC section 5). */
export function statusForVerdict(verdict: Verdict): ReceiptStatus {
  return verdict === 'AUTHORIZE' ? 'AUTHORIZED' : verdict === 'REJECT' ? 'REJECTED' : 'PENDING';
}

export interface ReceiptLineItem {
  quantity?: number;
  description?: string;
  identifier?: string;
  unit?: string;
  unitPrice?: number;
  totalPrice?: number;
  metadata?: Record<string, unknown>;
  productId?: string;
}

/** Confidences of the `{value, confidence}` fields, stored beside their plain values. */
export type FieldConfidences = Partial<
  Record<'serviceDate' | 'serviceTime' | 'subtotal' | 'total' | 'barcode' | 'locationIdentifier' | 'locationAddress' | 'merchantName' | 'language', number>
>;
