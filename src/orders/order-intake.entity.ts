import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * An accepted `POST /orders/asyncly` request, committed before the 202. The id is the id the order
 * will have. The row is deleted in the transaction that creates the order.
 */
@Entity('order_intake')
@Index('IDX_order_intake_due', ['availableAt'])
export class OrderIntakeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 255 })
  submitterAuthIdentifier!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  submitterAuthIssuer!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  transactionId!: string | null;

  /** The validated request body. */
  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ type: TIMESTAMP })
  receivedAt!: Date;

  /** Not claimed before this time (retry backoff). */
  @Column({ type: TIMESTAMP })
  availableAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The worker pass that holds the row, until leaseUntil. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  leaseOwner!: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** Set when the row gave up after too many failed attempts (kept for inspection; never claimed again). */
  @Column({ type: TIMESTAMP, nullable: true })
  failedAt!: Date | null;
}

/** Who holds the dedup window for (tenant, submitter, transactionId), and since when. */
@Entity('order_dedup_claims')
@Index('IDX_order_dedup_claims_claimed', ['claimedAt'])
export class OrderDedupClaimEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tenantId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  submitter!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  transactionId!: string;

  @Column({ type: 'varchar', length: 36 })
  orderId!: string;

  @Column({ type: TIMESTAMP })
  claimedAt!: Date;
}
