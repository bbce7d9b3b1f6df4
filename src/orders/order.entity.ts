import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export const ORDER_TYPE = 'ORDER';
/** The reference's order schema allows only this status: orders are not reviewed. */
export const ORDER_STATUS = 'AUTHORIZED';

export interface OrderLineItem {
  quantity: number;
  description: string;
  identifier?: string;
  unit?: string;
  unitPrice?: number;
  totalPrice?: number;
  metadata?: Record<string, string | number | boolean>;
  productId?: string;
}

export interface PaymentTender {
  type: string;
  id?: string;
  value: number;
}

@Entity('orders')
@Index('IDX_orders_tenant_created', ['tenantId', 'createdAt'])
@Index('IDX_orders_tenant_submitter', ['tenantId', 'submitterAuthIdentifier', 'createdAt'])
@Index('IDX_orders_tenant_transaction', ['tenantId', 'transactionId'])
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 255 })
  submitterAuthIdentifier!: string;

  /** Known when the submitter placed the order with their own token; null when an admin named them. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  submitterAuthIssuer!: string | null;

  @Column({ type: 'varchar', length: 16 })
  type!: typeof ORDER_TYPE;

  @Column({ type: 'varchar', length: 16 })
  status!: typeof ORDER_STATUS;

  /** metadata.source, as a column so it can be filtered. */
  @Column({ type: 'varchar', length: 32 })
  source!: string;

  @Column({ type: 'varchar', length: 10 })
  serviceDate!: string;

  @Column({ type: 'varchar', length: 16 })
  serviceTime!: string;

  @Column({ type: 'double precision', nullable: true })
  total!: number | null;

  @Column({ type: 'double precision', nullable: true })
  subtotal!: number | null;

  @Column({ type: 'double precision', nullable: true })
  totalTax!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'simple-json' })
  lineItems!: OrderLineItem[];

  @Column({ type: 'simple-json', nullable: true })
  paymentTenders!: PaymentTender[] | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  locationIdentifier!: string | null;

  @Column({ type: 'text', nullable: true })
  locationAddress!: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ type: 'simple-json' })
  metadata!: Record<string, string | number | boolean>;

  /** The rule set that evaluated the order (null: none applied). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  ruleSetId!: string | null;

  /** The engine's response, or `{ruleEngineError: {...}}` when the engine threw. */
  @Column({ type: 'simple-json' })
  ruleEngineResponse!: Record<string, unknown>;

  @Column({ type: TIMESTAMP })
  createdAt!: Date;

  @Column({ type: TIMESTAMP })
  updatedAt!: Date;
}

/** Which of the tenant's products an order's line items matched, for `productIds:(has:...)`. */
@Entity('order_products')
@Index('IDX_order_products_order', ['orderId'])
@Index('IDX_order_products_tenant_product', ['tenantId', 'productId'])
export class OrderProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 36 })
  orderId!: string;

  @Column({ type: 'varchar', length: 36 })
  productId!: string;
}
