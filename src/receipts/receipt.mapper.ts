import { ReceiptEntity, ReceiptReviewEntity } from './receipt.entity';
import type { FieldConfidences, ReceiptLineItem, ReceiptStatus, ReviewReason, Verdict } from './receipt.types';

export interface ReviewerResponse {
  authIssuer: string;
  authIdentifier: string;
  name?: string;
}

/** The reference's Review, keeping its spelling `reviwer`. */
export interface ReviewResponse {
  id: string;
  verdict: Verdict;
  reason: ReviewReason;
  createdAt: string;
  isAutomated: boolean;
  reviwer: ReviewerResponse | null;
  comment: string | null;
}

/** In the admin's review history, automated reviews also show what the engine said and which check decided. */
export interface ReviewHistoryEntry extends ReviewResponse {
  ruleSetId?: string | null;
  ruleEngineResponse?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
}

export interface ClaimResponse {
  id: string;
  status: ReceiptStatus;
  paramountReview: ReviewResponse | null;
}

/**
 * The reference's Receipt. Fields its schema requires as strings (`ocrConfidence`, `serviceDate`,
 * `serviceTime`, `servedAt`) are "" while unknown (a default-mode receipt nobody has parsed yet);
 * optional fields without a value are omitted, since the schema does not allow null for them.
 */
export interface ReceiptResponse {
  id: string;
  status: ReceiptStatus;
  paramountReview: ReviewResponse | null;
  createdAt: string;
  updatedAt: string;
  submitter: { authIdentifier: string };
  ocrConfidence: string;
  total?: number;
  subtotal?: number;
  barcode?: string;
  transactionId?: string;
  lineItems: ReceiptLineItem[];
  pictureUrl?: string;
  locationIdentifier?: string;
  locationAddress?: string;
  submissionPosition?: { longitude: number; latitude: number };
  formatSlug?: string;
  merchantName?: string;
  language?: string;
  timezone: string;
  serviceDate: string;
  serviceTime: string;
  servedAt: string;
  notionallyServedAt: string;
  metadata?: Record<string, unknown>;
  confidences: FieldConfidences;
}

export function toReviewResponse(r: ReceiptReviewEntity): ReviewResponse {
  return {
    id: r.id,
    verdict: r.verdict,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    isAutomated: r.isAutomated,
    reviwer:
      r.reviewerAuthIdentifier === null
        ? null
        : {
            authIssuer: r.reviewerAuthIssuer ?? '',
            authIdentifier: r.reviewerAuthIdentifier,
            ...(r.reviewerName !== null ? { name: r.reviewerName } : {}),
          },
    comment: r.comment,
  };
}

export function toReviewHistoryEntry(r: ReceiptReviewEntity): ReviewHistoryEntry {
  const base = toReviewResponse(r);
  if (!r.isAutomated) return base;
  return { ...base, ruleSetId: r.ruleSetId, ruleEngineResponse: r.ruleEngineResponse, details: r.details };
}

export function toClaimResponse(receipt: ReceiptEntity, paramount: ReceiptReviewEntity | null): ClaimResponse {
  return { id: receipt.id, status: receipt.status, paramountReview: paramount ? toReviewResponse(paramount) : null };
}

export function toReceiptResponse(r: ReceiptEntity, paramount: ReceiptReviewEntity | null): ReceiptResponse {
  const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
    (value === null ? {} : { [key]: value }) as { [P in K]?: V };
  return {
    id: r.id,
    status: r.status,
    paramountReview: paramount ? toReviewResponse(paramount) : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submitter: { authIdentifier: r.submitterAuthIdentifier },
    ocrConfidence: r.ocrConfidence === null ? '' : String(r.ocrConfidence),
    ...optional('total', r.total),
    ...optional('subtotal', r.subtotal),
    ...optional('barcode', r.barcode),
    ...optional('transactionId', r.transactionId),
    lineItems: r.lineItems,
    ...optional('pictureUrl', r.pictureUrl),
    ...optional('locationIdentifier', r.locationIdentifier),
    ...optional('locationAddress', r.locationAddress),
    ...(r.latitude !== null && r.longitude !== null ? { submissionPosition: { longitude: r.longitude, latitude: r.latitude } } : {}),
    ...optional('formatSlug', r.formatSlug),
    ...optional('merchantName', r.merchantName),
    ...optional('language', r.language),
    timezone: r.timezone,
    serviceDate: r.serviceDate ?? '',
    serviceTime: r.serviceTime ?? '',
    servedAt: r.servedAt ? r.servedAt.toISOString() : '',
    notionallyServedAt: r.notionallyServedAt.toISOString(),
    ...optional('metadata', r.metadata),
    confidences: r.confidences,
  };
}
