import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

const tenantFk = { columnNames: ['tenantId'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

export class CatalogueAndRuleSets1763790100000 implements MigrationInterface {
  name = 'CatalogueAndRuleSets1763790100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'venues',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.str('name', 200),
          col.text('locationIdentifiers'),
          col.num('latitude'),
          col.num('longitude'),
          col.num('radiusMeters'),
          col.text('address', true),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    await qr.createIndex('venues', new TableIndex({ name: 'IDX_venues_tenant_created', columnNames: ['tenantId', 'createdAt'] }));

    await qr.createTable(
      new Table({
        name: 'products',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.str('name', 200),
          col.text('identifiers'),
          col.text('aliases'),
          col.num('price'),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    await qr.createIndex('products', new TableIndex({ name: 'IDX_products_tenant_created', columnNames: ['tenantId', 'createdAt'] }));

    await qr.createTable(
      new Table({
        name: 'product_keys',
        columns: [col.id(), col.uuid('tenantId'), col.uuid('productId'), col.str('kind', 16), col.str('key', 200)],
        foreignKeys: [{ columnNames: ['productId'], referencedTableName: 'products', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('product_keys', new TableIndex({ name: 'UQ_product_keys_tenant_kind_key', columnNames: ['tenantId', 'kind', 'key'], isUnique: true }));
    await qr.createIndex('product_keys', new TableIndex({ name: 'IDX_product_keys_product', columnNames: ['productId'] }));

    await qr.createTable(
      new Table({
        name: 'rule_sets',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.str('name', 200, true),
          col.bool('isActive', true),
          col.text('transactionTypes'),
          col.int('version', false, 1),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
          col.ts(qr, 'deletedAt', true),
        ],
        foreignKeys: [tenantFk],
      }),
    );
    await qr.createIndex('rule_sets', new TableIndex({ name: 'IDX_rule_sets_selection', columnNames: ['tenantId', 'isActive', 'updatedAt'] }));

    await qr.createTable(
      new Table({
        name: 'rules',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.uuid('ruleSetId'),
          col.int('position'),
          col.str('name', 200),
          col.str('type', 16),
          col.int('priority'),
          col.text('ruleProperties'),
          col.text('resultParams'),
          col.text('configuration', true),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
        ],
        foreignKeys: [{ columnNames: ['ruleSetId'], referencedTableName: 'rule_sets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('rules', new TableIndex({ name: 'IDX_rules_rule_set', columnNames: ['ruleSetId', 'position'] }));

    await qr.createTable(
      new Table({
        name: 'rule_set_references',
        columns: [col.id(), col.uuid('tenantId'), col.uuid('ruleSetId'), col.str('kind', 16), col.str('targetId', 200)],
        foreignKeys: [{ columnNames: ['ruleSetId'], referencedTableName: 'rule_sets', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('rule_set_references', new TableIndex({ name: 'IDX_rule_set_references_target', columnNames: ['tenantId', 'kind', 'targetId'] }));
    await qr.createIndex('rule_set_references', new TableIndex({ name: 'IDX_rule_set_references_rule_set', columnNames: ['ruleSetId'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['rule_set_references', 'rules', 'rule_sets', 'product_keys', 'products', 'venues']) await qr.dropTable(t);
  }
}
