import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { installSqliteTransactionLock } from './sqlite-transaction-lock';

describe('installSqliteTransactionLock (better-sqlite3 shares one connection)', () => {
  let dir: string;
  let ds: DataSource;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-lock-'));
    ds = new DataSource({ type: 'better-sqlite3', database: path.join(dir, 'db.sqlite') });
    await ds.initialize();
    await ds.query('CREATE TABLE t (id integer)');
    installSqliteTransactionLock(ds);
  });
  afterEach(async () => {
    await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs concurrent transactions one after another, each committing or rolling back on its own', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) =>
        ds.transaction(async (m) => {
          await m.query('INSERT INTO t VALUES (?)', [i]);
          await pause(5 * (5 - i));
          if (i === 2) throw new Error('roll back 2');
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await ds.query('SELECT id FROM t ORDER BY id')).map((r: { id: number }) => r.id)).toEqual([1, 3, 4]);
  });

  it('keeps a statement issued outside the transaction out of it (not rolled back with it)', async () => {
    const tx = ds
      .transaction(async (m) => {
        await m.query('INSERT INTO t VALUES (1)');
        await pause(20);
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await pause(1);
    await ds.query('INSERT INTO t VALUES (2)');
    expect(await tx).toBe('rolled back');
    expect((await ds.query('SELECT id FROM t')).map((r: { id: number }) => r.id)).toEqual([2]);
  });

  it('lets nested transactions and queries inside the callback through', async () => {
    await ds.transaction(async (m) => {
      await m.query('INSERT INTO t VALUES (1)');
      await ds.query('INSERT INTO t VALUES (2)'); // same async context: already holds the lock
      await m.transaction(async (inner) => inner.query('INSERT INTO t VALUES (3)'));
    });
    expect((await ds.query('SELECT count(*) AS n FROM t'))[0].n).toBe(3);
  });
});
