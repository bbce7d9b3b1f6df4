import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DatabaseConfig } from '../../src/config/config';

export const usingPostgres = process.env.TEST_DB === 'postgres';

/** Kept here, with no side effects, so benchmarks can import this module as well as the e2e setup. */
export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  config: DatabaseConfig;
  /** Environment for a child process (CLI, a second server) that must use the same database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** Refuses anything but a database whose name says it is for tests. */
export function assertTestDatabaseUrl(url: string): void {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
}

/**
 * A fresh SQLite file, or a fresh PostgreSQL schema created now and dropped by drop(). The e2e suite
 * takes the defaults (kind from TEST_DB); the benchmarks name theirs.
 */
export async function createTestDatabase(
  opts: { kind?: 'sqlite' | 'postgres'; pgUrl?: string; prefix?: string } = {},
): Promise<TestDatabase> {
  const prefix = opts.prefix ?? 'e2e';
  if ((opts.kind ?? (usingPostgres ? 'postgres' : 'sqlite')) === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rule-engine-${prefix}-`));
    const file = path.join(dir, 'test.sqlite');
    return {
      config: { kind: 'sqlite', file },
      env: { DATABASE_URL: `sqlite:${file}` },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = opts.pgUrl || process.env.TEST_DATABASE_URL || DEFAULT_TEST_PG_URL;
  assertTestDatabaseUrl(url);
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
  return {
    config: { kind: 'postgres', url, schema },
    env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
    drop: async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
