import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';
import type { FieldConfidences, ReceiptLineItem, ReceiptStatus, ReviewReason, Verdict } from './receipt.types';

/**
 * A claimed receipt. `{value, confidence}` request fields are stored as plain values, their confidences
 * in `confidences`. `status`, `reason` and `paramountReviewId` mirror the paramount review, written in the
 * same transaction as every review, so lists filter and sort without joining reviews.
 * Indexes are declared in the migration (PostgreSQL gets DESC NULLS LAST sort indexes there).
 */
@Entity('receipts')
export class ReceiptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReceiptStatus;

  /** The paramount review's reason (null while no review exists). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  reason!: ReviewReason | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  paramountReviewId!: string | null;

  /** Number of reviews so far; the next review's sequence. */
  @Column({ type: 'integer' })
  reviewCount!: number;

  @Column({ type: 'boolean' })
  useParser!: boolean;

  @Column({ type: 'varchar', length: 200 })
  submitterAuthIdentifier!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  submitterAuthIssuer!: string | null;

  @Column({ type: 'text', nullable: true })
  pictureUrl!: string | null;

  @Column({ type: 'double precision', nullable: true })
  ocrConfidence!: number | null;

  /** YYYY-MM-DD as printed on the receipt. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  serviceDate!: string | null;

  /** HH:mm:ss as printed on the receipt. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  serviceTime!: string | null;

  /** The tenant's time zone when the receipt was claimed: servedAt reads serviceDate + serviceTime in it. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ type: TIMESTAMP, nullable: true })
  servedAt!: Date | null;

  /** servedAt ?? createdAt */
  @Column({ type: TIMESTAMP })
  notionallyServedAt!: Date;

  @Column({ type: 'double precision', nullable: true })
  total!: number | null;

  @Column({ type: 'double precision', nullable: true })
  subtotal!: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  barcode!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  locationIdentifier!: string | null;

  @Column({ type: 'text', nullable: true })
  locationAddress!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  merchantName!: string | null;

  @Column({ type: 'varchar', length: 35, nullable: true })
  language!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  formatSlug!: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ type: 'simple-json' })
  lineItems!: ReceiptLineItem[];

  @Column({ type: 'simple-json', nullable: true })
  metadata!: Record<string, unknown> | null;

  @Column({ type: 'simple-json' })
  confidences!: FieldConfidences;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;
}

/** One row per distinct matched product of a receipt: serves the `productIds:(has:...)` filter. */
@Entity('receipt_products')
@Index('UQ_receipt_products_receipt_product', ['receiptId', 'productId'], { unique: true })
@Index('IDX_receipt_products_tenant_product', ['tenantId', 'productId'])
export class ReceiptProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  receiptId!: string;

  @Column({ type: 'varchar', length: 36 })
  productId!: string;
}

/** Automated and manual reviews. `sequence` orders them per receipt (newest = highest). */
@Entity('receipt_reviews')
@Index('UQ_receipt_reviews_receipt_sequence', ['receiptId', 'sequence'], { unique: true })
export class ReceiptReviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  receiptId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'varchar', length: 16 })
  verdict!: Verdict;

  @Column({ type: 'varchar', length: 40 })
  reason!: ReviewReason;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'boolean' })
  isAutomated!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewerAuthIssuer!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reviewerAuthIdentifier!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reviewerName!: string | null;

  /** Automated reviews: the rule set that ran (null when none was active or the engine failed before choosing). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  ruleSetId!: string | null;

  /** Automated reviews: the full engine response (null when the engine threw). */
  @Column({ type: 'simple-json', nullable: true })
  ruleEngineResponse!: Record<string, unknown> | null;

  /** Automated reviews: why (duplicateOf, the engine error, the limit hit, ...). */
  @Column({ type: 'simple-json', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;
}
