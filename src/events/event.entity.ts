import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export const EVENT_TYPES = ['ORDER_PLACED', 'RECEIPT_REVIEWED'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The outbox: written in the same database transaction as the change it reports. */
@Entity('events')
@Index('IDX_events_tenant_created', ['tenantId', 'createdAt'])
@Index('IDX_events_tenant_subject', ['tenantId', 'subjectId'])
export class EventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: EventType;

  /** The receipt or order the event is about. */
  @Column({ type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;
}

export const DELIVERY_STATES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One event to one webhook subscription: created with the event, then worked by the delivery worker. */
@Entity('event_deliveries')
@Index('UQ_event_deliveries_event_webhook', ['eventId', 'webhookId'], { unique: true })
@Index('IDX_event_deliveries_due', ['state', 'nextAttemptAt'])
@Index('IDX_event_deliveries_webhook', ['webhookId', 'state'])
export class EventDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 36 })
  webhookId!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: DeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: TIMESTAMP })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  leaseOwner!: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;
}
