import { Tenants1763790000000 } from './1763790000000-tenants';
import { CatalogueAndRuleSets1763790100000 } from './1763790100000-catalogue-and-rule-sets';
import { Events1763790200000 } from './1763790200000-events';
import { Receipts1763790300000 } from './1763790300000-receipts';
import { Orders1763790400000 } from './1763790400000-orders';
import { Webhooks1763790410000 } from './1763790410000-webhooks';

/**
 * Every migration in order. Listed explicitly (not globbed) so the same list runs from compiled
 * JavaScript, from ts-jest and from the CLI. Each is written with TypeORM's schema API and runs on
 * both SQLite and PostgreSQL.
 */
export const MIGRATIONS = [Tenants1763790000000, CatalogueAndRuleSets1763790100000, Events1763790200000, Receipts1763790300000, Orders1763790400000, Webhooks1763790410000];
