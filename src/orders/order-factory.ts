import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { recordEvent } from '../events/outbox';
import { RuleEngineRunError } from '../rule-engine';
import { RuleSetRunner } from '../rule-sets/rule-set-runner';
import { TransactionNormalizer } from '../transactions/transaction-normalizer';
import { ORDER_STATUS, ORDER_TYPE, OrderEntity, OrderLineItem, OrderProductEntity } from './order.entity';
import { toOrderResponse } from './order.mapper';
import { OrderInput, Submitter } from './order-input';

/**
 * Builds an order (products matched, rule engine run) and writes it with its ORDER_PLACED event.
 * Building reads and computes outside any transaction; `persist` is the only part inside one.
 * Used by POST /orders and by the intake worker alike, so both produce the same order.
 */
@Injectable()
export class OrderFactory {
  private readonly logger = new Logger('Orders');

  constructor(
    private readonly normalizer: TransactionNormalizer,
    private readonly runner: RuleSetRunner,
  ) {}

  async build(tenantId: string, submitter: Submitter, input: OrderInput, id: string, createdAt: Date, updatedAt = createdAt): Promise<OrderEntity> {
    const transaction = await this.normalizer.normalize(tenantId, { ...input, submitter: { authIdentifier: submitter.authIdentifier } }, ORDER_TYPE);
    const lineItems = transaction.lineItems as OrderLineItem[];
    let ruleSetId: string | null = null;
    let ruleEngineResponse: Record<string, unknown>;
    try {
      const evaluation = await this.runner.evaluateSelected(tenantId, transaction);
      ruleSetId = evaluation.ruleSetId;
      ruleEngineResponse = evaluation.result.response;
    } catch (err) {
      if (!(err instanceof RuleEngineRunError)) throw err;
      // An order is a fact that already happened at the till: it is AUTHORIZED whatever the rules
      // say, so a failing rule set is recorded on the order (and in ORDER_PLACED), never a 500.
      this.logger.warn(`rule engine failed for order ${id}: ${err.message}`);
      ruleEngineResponse = { ruleEngineError: { reason: err.reason, message: err.message } };
    }
    const metadata = input.metadata ?? { source: 'API' };
    return {
      id,
      tenantId,
      submitterAuthIdentifier: submitter.authIdentifier,
      submitterAuthIssuer: submitter.authIssuer,
      type: ORDER_TYPE,
      status: ORDER_STATUS,
      source: String(metadata.source ?? 'API'),
      serviceDate: input.serviceDate,
      serviceTime: input.serviceTime,
      total: input.total ?? null,
      subtotal: input.subtotal ?? null,
      totalTax: input.totalTax ?? null,
      transactionId: input.transactionId ?? null,
      lineItems,
      paymentTenders: input.paymentTenders ?? null,
      locationIdentifier: input.locationIdentifier ?? null,
      locationAddress: input.locationAddress ?? null,
      latitude: input.submissionPosition?.latitude ?? null,
      longitude: input.submissionPosition?.longitude ?? null,
      metadata,
      ruleSetId,
      ruleEngineResponse,
      createdAt,
      updatedAt,
    };
  }

  /** Inside the caller's transaction: the order, its product links and ORDER_PLACED commit together or not at all. */
  async persist(m: EntityManager, order: OrderEntity): Promise<void> {
    const { tenantId, ...row } = order;
    await new TenantScopedRepository(OrderEntity, m).insert(tenantId, row);
    const productIds = [...new Set(order.lineItems.map((i) => i.productId).filter((p): p is string => typeof p === 'string'))];
    await new TenantScopedRepository(OrderProductEntity, m).insertMany(
      tenantId,
      productIds.map((productId) => ({ id: randomUUID(), orderId: order.id, productId })),
    );
    await recordEvent(m, { tenantId, type: 'ORDER_PLACED', subjectId: order.id, payload: { order: toOrderResponse(order, { admin: true }) } });
  }
}
