import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from './columns';

/** Webhook subscriptions and one delivery row per (event, subscription): the outbox's delivery state. */
export class Webhooks1763790410000 implements MigrationInterface {
  name = 'Webhooks1763790410000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'webhook_subscriptions',
        columns: [col.id(), col.uuid('tenantId'), col.text('url'), col.text('eventTypes'), col.text('secret'), col.ts(qr, 'createdAt'), col.ts(qr, 'updatedAt')],
        foreignKeys: [{ columnNames: ['tenantId'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('webhook_subscriptions', new TableIndex({ name: 'IDX_webhook_subscriptions_tenant', columnNames: ['tenantId', 'createdAt'] }));

    await qr.createTable(
      new Table({
        name: 'event_deliveries',
        columns: [
          col.id(),
          col.uuid('tenantId'),
          col.uuid('eventId'),
          col.uuid('webhookId'),
          col.str('state', 16),
          col.int('attempts', false, 0),
          col.ts(qr, 'nextAttemptAt'),
          col.uuid('leaseOwner', true),
          col.ts(qr, 'leaseUntil', true),
          col.ts(qr, 'lastAttemptAt', true),
          col.int('lastStatusCode', true),
          col.text('lastError', true),
          col.ts(qr, 'deliveredAt', true),
          col.ts(qr, 'createdAt'),
        ],
        foreignKeys: [{ columnNames: ['eventId'], referencedTableName: 'events', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createIndex('event_deliveries', new TableIndex({ name: 'UQ_event_deliveries_event_webhook', columnNames: ['eventId', 'webhookId'], isUnique: true }));
    await qr.createIndex('event_deliveries', new TableIndex({ name: 'IDX_event_deliveries_due', columnNames: ['state', 'nextAttemptAt'] }));
    await qr.createIndex('event_deliveries', new TableIndex({ name: 'IDX_event_deliveries_webhook', columnNames: ['webhookId', 'state'] }));
    await qr.createIndex('events', new TableIndex({ name: 'IDX_events_tenant_subject', columnNames: ['tenantId', 'subjectId'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('events', 'IDX_events_tenant_subject');
    await qr.dropTable('event_deliveries');
    await qr.dropTable('webhook_subscriptions');
  }
}
