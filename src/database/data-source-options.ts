import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';

/** The one place that turns configuration into TypeORM options. Migrations run at start-up; never synchronize. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    // A where-value of undefined or null must throw, never silently match every row.
    invalidWhereValuesBehavior: { null: 'throw' as const, undefined: 'throw' as const },
  };
  if (db.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      schema: db.schema,
      extra: {
        max: 10,
        connectionTimeoutMillis: 5000,
        statement_timeout: 30000,
        // Raw SQL (filters' EXISTS sub-queries) resolves unqualified table names in the configured schema too.
        ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}),
      },
    };
  }
  if (db.file !== ':memory:') fs.mkdirSync(path.dirname(db.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.file,
    enableWAL: db.file !== ':memory:',
    timeout: 5000,
    prepareDatabase: (conn: { pragma(s: string): unknown }) => {
      conn.pragma('foreign_keys = ON');
      conn.pragma('synchronous = NORMAL');
    },
  };
}
