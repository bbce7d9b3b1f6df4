import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';
import type { EventType } from '../events/event.entity';

@Entity('webhook_subscriptions')
@Index('IDX_webhook_subscriptions_tenant', ['tenantId', 'createdAt'])
export class WebhookSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'simple-json' })
  eventTypes!: EventType[];

  /**
   * The HMAC key deliveries are signed with. Stored as given (the server must be able to sign with
   * it) and never returned by the API.
   */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;
}
