import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

const tenantFk = { columnNames: ['tenantId'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

/** Orders, their product links (for `productIds:(has:...)`), the async intake queue and the dedup claims. */
export class Orders1763790400000 implements MigrationInterface {
  name = 'Orders1763790400000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'orders',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.str('submitterAuthIdentifier', 255),
          col.str('submitterAuthIssuer', 500, true),
          col.str('type', 16),
          col.str('status', 16),
          col.str('source', 32),
          col.str('serviceDate', 10),
          col.str('serviceTime', 16),
          col.num('total'),
          col.num('subtotal'),
          col.num('totalTax'),
          col.str('transactionId', 255, true),
          col.text('lineItems'),
          col.text('paymentTenders', true),
          col.str('locationIdentifier', 255, true),
          col.text('locationAddress', true),
          col.num('latitude'),
          col.num('longitude'),
          col.text('metadata'),
          col.uuid('ruleSetId', true),
          col.text('ruleEngineResponse'),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    await qr.createIndex('orders', new TableIndex({ name: 'IDX_orders_tenant_created', columnNames: ['tenantId', 'createdAt'] }));
    await qr.createIndex('orders', new TableIndex({ name: 'IDX_orders_tenant_submitter', columnNames: ['tenantId', 'submitterAuthIdentifier', 'createdAt'] }));
    await qr.createIndex('orders', new TableIndex({ name: 'IDX_orders_tenant_transaction', columnNames: ['tenantId', 'transactionId'] }));

    await qr.createTable(
      new Table({
        name: 'order_products',
        columns: [col.id(), col.uuid('tenantId'), col.uuid('orderId'), col.uuid('productId')],
        foreignKeys: [{ columnNames: ['orderId'], referencedTableName: 'orders', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('order_products', new TableIndex({ name: 'IDX_order_products_order', columnNames: ['orderId'] }));
    await qr.createIndex('order_products', new TableIndex({ name: 'IDX_order_products_tenant_product', columnNames: ['tenantId', 'productId'] }));

    // Accepted async orders not yet turned into orders. The row id becomes the order id, so however
    // often a row is (re)processed, the order's primary key lets exactly one commit.
    await qr.createTable(
      new Table({
        name: 'order_intake',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.str('submitterAuthIdentifier', 255),
          col.str('submitterAuthIssuer', 500, true),
          col.str('transactionId', 255, true),
          col.text('payload'),
          col.ts(qr, 'receivedAt'),
          col.ts(qr, 'availableAt'),
          col.int('attempts', false, 0),
          col.uuid('leaseOwner', true),
          col.ts(qr, 'leaseUntil', true),
          col.text('lastError', true),
          col.ts(qr, 'failedAt', true),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    await qr.createIndex('order_intake', new TableIndex({ name: 'IDX_order_intake_due', columnNames: ['availableAt'] }));

    // One row per (tenant, submitter, transactionId): who holds the dedup window and since when.
    await qr.createTable(
      new Table({
        name: 'order_dedup_claims',
        columns: [
          { ...col.uuid('tenantId'), isPrimary: true },
          { ...col.str('submitter', 255), isPrimary: true },
          { ...col.str('transactionId', 255), isPrimary: true },
          col.uuid('orderId'),
          col.ts(qr, 'claimedAt'),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    await qr.createIndex('order_dedup_claims', new TableIndex({ name: 'IDX_order_dedup_claims_claimed', columnNames: ['claimedAt'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['order_dedup_claims', 'order_intake', 'order_products', 'orders']) await qr.dropTable(t);
  }
}
