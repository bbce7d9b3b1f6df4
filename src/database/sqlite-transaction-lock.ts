import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver gives every caller the SAME connection and the same query runner
 * (`createQueryRunner` returns one shared instance), so two concurrent `ds.transaction()` calls
 * interleave on it: the second fails with "cannot start a transaction within a transaction", and a
 * statement issued by another request while a transaction is open becomes part of that transaction
 * (committed or rolled back with it). PostgreSQL is unaffected (a pool; one connection per transaction).
 *
 * On SQLite this installs one in-process FIFO lock: a transaction holds it from BEGIN to COMMIT or
 * ROLLBACK, and a statement outside any transaction takes it for just that statement, so it runs either
 * before or after a transaction, never inside another caller's. SQLite has a single writer anyway,
 * so this costs no write concurrency. Work done inside a transaction callback (same async context)
 * passes straight through.
 *
 * Caveat: a transaction callback must not await a promise that was started OUTSIDE it and needs the
 * database (it would wait for the lock the callback holds). Do reads and rule evaluation first, then
 * open the transaction for the writes.
 */
export function installSqliteTransactionLock(ds: DataSource): void {
  if (ds.options.type !== 'better-sqlite3') return;
  if (installed.has(ds)) return;
  installed.add(ds);

  const lock = new FifoLock();
  const inside = new AsyncLocalStorage<true>();

  const manager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = async (...args: unknown[]) => {
    if (inside.getStore()) return transaction(...args);
    const release = await lock.acquire();
    try {
      return await inside.run(true, () => transaction(...args));
    } finally {
      release();
    }
  };

  const runner: QueryRunner = ds.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = async (...args: unknown[]) => {
    if (inside.getStore()) return query(...args);
    const release = await lock.acquire();
    try {
      return await inside.run(true, () => query(...args));
    } finally {
      release();
    }
  };
}

const installed = new WeakSet<DataSource>();

/** A promise-chained mutex: waiters are served in arrival order. */
class FifoLock {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    return release;
  }
}
