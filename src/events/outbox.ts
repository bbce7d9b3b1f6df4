import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { WebhookSubscriptionEntity } from '../webhooks/webhook-subscription.entity';
import { EventDeliveryEntity, EventEntity, EventType } from './event.entity';

export interface NewEvent {
  tenantId: string;
  type: EventType;
  subjectId: string;
  payload: Record<string, unknown>;
}

/**
 * Records an event in the caller's transaction (`m` must be the transaction's manager), so the event
 * exists if and only if the change it reports was committed. One PENDING delivery per subscription of
 * the tenant that wants this type is written with it; the delivery worker posts them later. A
 * subscription created after the event does not receive it.
 */
export async function recordEvent(m: EntityManager, e: NewEvent): Promise<EventEntity> {
  const now = new Date();
  const row: EventEntity = { id: randomUUID(), tenantId: e.tenantId, type: e.type, subjectId: e.subjectId, payload: e.payload, createdAt: now };
  await m.getRepository(EventEntity).insert(row as unknown as QueryDeepPartialEntity<EventEntity>);
  const subscriptions = await new TenantScopedRepository(WebhookSubscriptionEntity, m).find(e.tenantId);
  const deliveries = subscriptions
    .filter((s) => s.eventTypes.includes(e.type))
    .map((s) => ({
      id: randomUUID(),
      eventId: row.id,
      webhookId: s.id,
      state: 'PENDING' as const,
      attempts: 0,
      nextAttemptAt: now,
      leaseOwner: null,
      leaseUntil: null,
      lastAttemptAt: null,
      lastStatusCode: null,
      lastError: null,
      deliveredAt: null,
      createdAt: now,
    }));
  await new TenantScopedRepository(EventDeliveryEntity, m).insertMany(e.tenantId, deliveries);
  return row;
}
