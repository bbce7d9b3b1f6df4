import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

export class Events1763790200000 implements MigrationInterface {
  name = 'Events1763790200000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'events',
        columns: [col.id(), col.uuid('tenantId'), col.str('type', 32), col.uuid('subjectId'), col.text('payload'), col.ts(qr, 'createdAt')],
        foreignKeys: [{ columnNames: ['tenantId'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('events', new TableIndex({ name: 'IDX_events_tenant_created', columnNames: ['tenantId', 'createdAt'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('events');
  }
}
