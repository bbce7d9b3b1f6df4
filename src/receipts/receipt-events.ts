import { EntityManager } from 'typeorm';
import { recordEvent } from '../events/outbox';
import { ReceiptEntity, ReceiptReviewEntity } from './receipt.entity';
import { toReviewResponse } from './receipt.mapper';

/**
 * RECEIPT_REVIEWED for every review, automated or manual, written with `m` (the transaction that
 * stores the review). The payload is what a rewards consumer needs to act without calling back:
 * the receipt's new status, the review, the purchase's key facts, and for automated reviews the
 * engine's full response.
 */
export async function recordReceiptReviewed(m: EntityManager, receipt: ReceiptEntity, review: ReceiptReviewEntity, productIds: string[]): Promise<void> {
  await recordEvent(m, {
    tenantId: receipt.tenantId,
    type: 'RECEIPT_REVIEWED',
    subjectId: receipt.id,
    payload: {
      receiptId: receipt.id,
      status: receipt.status,
      isParamount: receipt.paramountReviewId === review.id,
      review: toReviewResponse(review),
      submitter: { authIdentifier: receipt.submitterAuthIdentifier },
      receipt: {
        transactionId: receipt.transactionId,
        barcode: receipt.barcode,
        merchantName: receipt.merchantName,
        formatSlug: receipt.formatSlug,
        locationIdentifier: receipt.locationIdentifier,
        total: receipt.total,
        subtotal: receipt.subtotal,
        notionallyServedAt: receipt.notionallyServedAt.toISOString(),
        productIds,
      },
      ...(review.isAutomated ? { ruleSetId: review.ruleSetId, ruleEngineResponse: review.ruleEngineResponse } : {}),
    },
  });
}

/** Distinct matched product ids of line items, in first-seen order. */
export function productIdsOf(receipt: Pick<ReceiptEntity, 'lineItems'>): string[] {
  return [...new Set(receipt.lineItems.map((i) => i.productId).filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 36))];
}
