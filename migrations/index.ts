import { Tenants1763790000000 } from './1763790000000-tenants';

/**
 * Every migration in order. Listed explicitly (not globbed) so the same list runs from compiled
 * JavaScript, from ts-jest and from the CLI. Each is written with TypeORM's schema API and runs on
 * both SQLite and PostgreSQL.
 */
export const MIGRATIONS = [Tenants1763790000000];
