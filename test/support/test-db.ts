import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DatabaseConfig } from '../../src/config/config';
import { DEFAULT_TEST_PG_URL } from './env';

export const usingPostgres = process.env.TEST_DB === 'postgres';

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

/** A fresh SQLite file, or a fresh PostgreSQL schema created now and dropped by drop(). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!usingPostgres) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-engine-test-'));
    const file = path.join(dir, 'test.sqlite');
    return {
      config: { kind: 'sqlite', file },
      env: { DATABASE_URL: `sqlite:${file}` },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_PG_URL;
  assertTestDatabaseUrl(url);
  const schema = `e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
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
