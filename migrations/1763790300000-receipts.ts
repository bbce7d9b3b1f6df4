import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col, isPg } from './columns';

const tenantFk = { columnNames: ['tenantId'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
const receiptFk = { columnNames: ['receiptId'], referencedTableName: 'receipts', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

/** The list's sort columns (SPEC section 5); each gets a (tenantId, column, id) index. */
const SORT_COLUMNS = ['createdAt', 'updatedAt', 'notionallyServedAt', 'total', 'subtotal'];

export class Receipts1763790300000 implements MigrationInterface {
  name = 'Receipts1763790300000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'receipts',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.str('status', 16),
          col.str('reason', 40, true),
          col.uuid('paramountReviewId', true),
          col.int('reviewCount'),
          col.bool('useParser', true),
          col.str('submitterAuthIdentifier', 200),
          col.str('submitterAuthIssuer', 500, true),
          col.text('pictureUrl', true),
          col.num('ocrConfidence'),
          col.str('serviceDate', 10, true),
          col.str('serviceTime', 8, true),
          col.str('timezone', 64),
          col.ts(qr, 'servedAt', true),
          col.ts(qr, 'notionallyServedAt'),
          col.num('total'),
          col.num('subtotal'),
          col.str('barcode', 200, true),
          col.str('transactionId', 200, true),
          col.str('locationIdentifier', 200, true),
          col.text('locationAddress', true),
          col.str('merchantName', 200, true),
          col.str('language', 35, true),
          col.str('formatSlug', 200, true),
          col.num('latitude'),
          col.num('longitude'),
          col.text('lineItems'),
          col.text('metadata', true),
          col.text('confidences'),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    // Sort indexes, tenant first. The list orders `column <dir> NULLS LAST, id <dir>`: on SQLite a plain
    // index serves DESC (NULL sorts lowest, so a backward scan puts it last); PostgreSQL's plain index
    // cannot serve DESC NULLS LAST, so there the index is declared in the default (DESC) order.
    const schema = (qr.connection.driver.options as { schema?: string }).schema;
    const table = schema ? `"${schema}"."receipts"` : '"receipts"';
    for (const c of SORT_COLUMNS) {
      const name = `IDX_receipts_tenant_${c}`;
      if (isPg(qr)) await qr.query(`CREATE INDEX "${name}" ON ${table} ("tenantId", "${c}" DESC NULLS LAST, "id" DESC)`);
      else await qr.createIndex('receipts', new TableIndex({ name, columnNames: ['tenantId', c, 'id'] }));
    }
    if (isPg(qr)) {
      // `merchantName:(like:...)` filters on lower("merchantName"): this index gives the planner statistics
      // for that expression (without them it misjudges '%...%' selectivity and sorts the whole table) and
      // serves prefix patterns.
      await qr.query(`CREATE INDEX "IDX_receipts_tenant_merchant_lower" ON ${table} ("tenantId", lower("merchantName") text_pattern_ops)`);
    }
    // Automated review look-ups: duplicates (barcode / transactionId / merchant+total+servedAt) and
    // per-user daily submission counts.
    await qr.createIndex('receipts', new TableIndex({ name: 'IDX_receipts_tenant_barcode', columnNames: ['tenantId', 'barcode'] }));
    await qr.createIndex('receipts', new TableIndex({ name: 'IDX_receipts_tenant_transactionId', columnNames: ['tenantId', 'transactionId'] }));
    await qr.createIndex(
      'receipts',
      new TableIndex({ name: 'IDX_receipts_tenant_merchant_total_servedAt', columnNames: ['tenantId', 'merchantName', 'total', 'servedAt'] }),
    );
    await qr.createIndex(
      'receipts',
      new TableIndex({ name: 'IDX_receipts_tenant_submitter_createdAt', columnNames: ['tenantId', 'submitterAuthIdentifier', 'createdAt'] }),
    );

    await qr.createTable(
      new Table({
        name: 'receipt_products',
        columns: [col.id(), col.uuid('tenantId'), col.uuid('receiptId'), col.uuid('productId')],
        foreignKeys: [receiptFk],
      }),
    );
    await qr.createIndex('receipt_products', new TableIndex({ name: 'UQ_receipt_products_receipt_product', columnNames: ['receiptId', 'productId'], isUnique: true }));
    await qr.createIndex('receipt_products', new TableIndex({ name: 'IDX_receipt_products_tenant_product', columnNames: ['tenantId', 'productId'] }));

    await qr.createTable(
      new Table({
        name: 'receipt_reviews',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.uuid('receiptId'),
          col.int('sequence'),
          col.str('verdict', 16),
          col.str('reason', 40),
          col.text('comment', true),
          col.bool('isAutomated', false),
          col.str('reviewerAuthIssuer', 500, true),
          col.str('reviewerAuthIdentifier', 200, true),
          col.str('reviewerName', 200, true),
          col.uuid('ruleSetId', true),
          col.text('ruleEngineResponse', true),
          col.text('details', true),
          col.ts(qr, 'createdAt'),
        ],
        foreignKeys: [receiptFk],
      }),
    );
    await qr.createIndex('receipt_reviews', new TableIndex({ name: 'UQ_receipt_reviews_receipt_sequence', columnNames: ['receiptId', 'sequence'], isUnique: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['receipt_reviews', 'receipt_products', 'receipts']) await qr.dropTable(t);
  }
}
