import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { applyListQuery, type ListQuery } from '../common/list-query';
import { ReceiptEntity, ReceiptProductEntity, ReceiptReviewEntity } from './receipt.entity';
import { RECEIPT_LIST } from './receipt-list';

export interface DuplicateKeys {
  barcode: string | null;
  transactionId: string | null;
  merchantName: string | null;
  total: number | null;
  /** Only a servedAt known to the time of day identifies a purchase; a date alone does not. */
  servedAtWithTime: Date | null;
}

/** Persistence of receipts and their reviews; every method takes the tenant. */
@Injectable()
export class ReceiptStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private receipts(m: EntityManager = this.ds.manager) {
    return new TenantScopedRepository(ReceiptEntity, m);
  }

  private reviews(m: EntityManager = this.ds.manager) {
    return new TenantScopedRepository(ReceiptReviewEntity, m);
  }

  findById(tenantId: string, id: string, m?: EntityManager): Promise<ReceiptEntity | null> {
    return this.receipts(m).findById(tenantId, id);
  }

  async insertReceipt(m: EntityManager, receipt: ReceiptEntity, productIds: string[], review: ReceiptReviewEntity | null): Promise<void> {
    const { tenantId } = receipt;
    await this.receipts(m).insert(tenantId, receipt);
    await new TenantScopedRepository(ReceiptProductEntity, m).insertMany(
      tenantId,
      productIds.map((productId) => ({ id: randomUUID(), receiptId: receipt.id, productId })),
    );
    if (review) await this.reviews(m).insert(tenantId, review);
  }

  /** Stores a review and makes the receipt follow it when it is paramount. */
  async appendReview(m: EntityManager, receipt: ReceiptEntity, review: ReceiptReviewEntity, paramount: boolean): Promise<void> {
    await this.reviews(m).insert(receipt.tenantId, review);
    const changes: QueryDeepPartialEntity<ReceiptEntity> = { reviewCount: review.sequence, updatedAt: receipt.updatedAt };
    if (paramount) Object.assign(changes, { status: receipt.status, reason: receipt.reason, paramountReviewId: receipt.paramountReviewId });
    await this.receipts(m).update(receipt.tenantId, receipt.id, changes);
  }

  /** Writes what a parser extracted onto a stored default-mode receipt (which has no products yet). */
  async updateParsedFields(m: EntityManager, receipt: ReceiptEntity, productIds: string[]): Promise<void> {
    await this.receipts(m).update(receipt.tenantId, receipt.id, {
      ocrConfidence: receipt.ocrConfidence,
      serviceDate: receipt.serviceDate,
      serviceTime: receipt.serviceTime,
      servedAt: receipt.servedAt,
      notionallyServedAt: receipt.notionallyServedAt,
      total: receipt.total,
      subtotal: receipt.subtotal,
      barcode: receipt.barcode,
      transactionId: receipt.transactionId,
      locationIdentifier: receipt.locationIdentifier,
      locationAddress: receipt.locationAddress,
      merchantName: receipt.merchantName,
      language: receipt.language,
      formatSlug: receipt.formatSlug,
      lineItems: receipt.lineItems,
      confidences: receipt.confidences,
      updatedAt: receipt.updatedAt,
    } as QueryDeepPartialEntity<ReceiptEntity>);
    await new TenantScopedRepository(ReceiptProductEntity, m).insertMany(
      receipt.tenantId,
      productIds.map((productId) => ({ id: randomUUID(), receiptId: receipt.id, productId })),
    );
  }

  /** Id of a non-rejected receipt of the tenant that claims the same purchase, other than `excludeId`. */
  async findNonRejectedDuplicate(m: EntityManager, tenantId: string, keys: DuplicateKeys, excludeId?: string): Promise<string | null> {
    const clauses: string[] = [];
    const params: Record<string, unknown> = {};
    if (keys.barcode !== null) {
      clauses.push('r.barcode = :barcode');
      params.barcode = keys.barcode;
    }
    if (keys.transactionId !== null) {
      clauses.push('r.transactionId = :transactionId');
      params.transactionId = keys.transactionId;
    }
    if (keys.merchantName !== null && keys.total !== null && keys.servedAtWithTime !== null) {
      clauses.push('(r.merchantName = :merchantName AND r.total = :total AND r.servedAt = :servedAt AND r.serviceTime IS NOT NULL)');
      Object.assign(params, { merchantName: keys.merchantName, total: keys.total, servedAt: keys.servedAtWithTime });
    }
    if (clauses.length === 0) return null;
    const qb = this.receipts(m)
      .query(tenantId, 'r')
      .select('r.id', 'id')
      .andWhere('r.status <> :rejected', { rejected: 'REJECTED' })
      .andWhere(`(${clauses.join(' OR ')})`, params)
      .orderBy('r.createdAt', 'ASC')
      .limit(1);
    if (excludeId) qb.andWhere('r.id <> :excludeId', { excludeId });
    const row = await qb.getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  /** Non-rejected receipts of a submitter created in [from, to) with this value of `field`, other than `excludeId`. */
  async countNonRejectedByUserSince(
    m: EntityManager,
    tenantId: string,
    submitter: string,
    field: 'formatSlug' | 'merchantName',
    value: string,
    window: { start: Date; end: Date },
    excludeId?: string,
  ): Promise<number> {
    const qb = this.receipts(m)
      .query(tenantId, 'r')
      .andWhere('r.submitterAuthIdentifier = :submitter', { submitter })
      .andWhere('r.createdAt >= :start AND r.createdAt < :end', { start: window.start, end: window.end })
      .andWhere('r.status <> :rejected', { rejected: 'REJECTED' })
      .andWhere(field === 'formatSlug' ? 'r.formatSlug = :value' : 'r.merchantName = :value', { value });
    if (excludeId) qb.andWhere('r.id <> :excludeId', { excludeId });
    return qb.getCount();
  }

  list(tenantId: string, query: ListQuery): Promise<ReceiptEntity[]> {
    return applyListQuery(this.receipts().query(tenantId, 'r'), 'r', query, RECEIPT_LIST).getMany();
  }

  async reviewsByIds(tenantId: string, ids: string[]): Promise<Map<string, ReceiptReviewEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.reviews().find(tenantId, { id: In(ids) });
    return new Map(rows.map((r) => [r.id, r]));
  }

  findReview(tenantId: string, id: string | null, m?: EntityManager): Promise<ReceiptReviewEntity | null> {
    return id === null ? Promise.resolve(null) : this.reviews(m).findById(tenantId, id);
  }

  /** Whether the receipt has been reviewed automatically (a parsed receipt has; an unparsed one has not). */
  async hasAutomatedReview(m: EntityManager, tenantId: string, receiptId: string): Promise<boolean> {
    return (await this.reviews(m).count(tenantId, { receiptId, isAutomated: true })) > 0;
  }

  /** Newest first. */
  reviewsOf(tenantId: string, receiptId: string): Promise<ReceiptReviewEntity[]> {
    return this.reviews().find(tenantId, { receiptId }, { sequence: 'DESC' });
  }
}
