import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

export class Tenants1763790000000 implements MigrationInterface {
  name = 'Tenants1763790000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'tenants',
        columns: [
          col.id(),
          col.str('name', 200),
          col.str('slug', 100),
          col.str('apiKeyHash', 64),
          col.text('authentication'),
          col.text('configuration'),
          col.ts(qr, 'createdAt'),
          col.ts(qr, 'updatedAt'),
        ],
      }),
    );
    await qr.createIndex('tenants', new TableIndex({ name: 'UQ_tenants_slug', columnNames: ['slug'], isUnique: true }));
    await qr.createIndex('tenants', new TableIndex({ name: 'UQ_tenants_apiKeyHash', columnNames: ['apiKeyHash'], isUnique: true }));
    await qr.createTable(
      new Table({
        name: 'tenant_signing_keys',
        columns: [
          { name: 'kid', type: 'varchar', length: '64', isPrimary: true },
          col.uuid('tenantId'),
          col.str('algorithm', 16),
          col.text('privateJwk'),
          col.ts(qr, 'createdAt'),
        ],
        foreignKeys: [{ columnNames: ['tenantId'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('tenant_signing_keys', new TableIndex({ name: 'IDX_tenant_signing_keys_tenantId', columnNames: ['tenantId'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tenant_signing_keys');
    await qr.dropTable('tenants');
  }
}
