/** Vocabulary of receipts and reviews, as the reference's schemas spell it. */

export const RECEIPT_STATUSES = ['PENDING', 'AUTHORIZED', 'REJECTED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const VERDICTS = ['ABSTAIN', 'REJECT', 'AUTHORIZE'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The reference's Review.reason enum: one list, owned by the rule engine (a rule's `reason` must be one of them). */
import { REVIEW_REASON_VALUES, type ReviewReason } from '../rule-engine';
export { REVIEW_REASON_VALUES, type ReviewReason };

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
