import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A write transaction in which "read, decide, insert" is atomic with respect to every other such
 * transaction that names one of the same lock keys, on SQLite and PostgreSQL alike.
 *
 * PostgreSQL: one transaction-scoped advisory lock per key (`pg_advisory_xact_lock` on a 64-bit hash of
 * the key), taken before any read, in ascending order so two claims never wait on each other in a cycle.
 * Under READ COMMITTED every later statement sees what the previous holder committed. Advisory locks
 * are database-wide, so this holds across service instances; keys carry the tenant id.
 *
 * SQLite: transactions of one process already run one at a time (the DataSource's transaction lock,
 * src/database/sqlite-transaction-lock.ts); each of these also starts with a no-op write, which takes
 * SQLite's write lock before anything is read (the effect of BEGIN IMMEDIATE), so another process on the
 * same file waits (busy timeout) until this one commits and then reads its rows.
 */

function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

export async function inClaimTransaction<T>(ds: DataSource, lockKeys: readonly string[], work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'postgres') {
    const ids = [...new Set(lockKeys.map(lockId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return ds.transaction(async (m) => {
      // One round trip: a function scan over an array yields its elements in order, so the locks are
      // taken in the sorted order above.
      await m.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k', [ids.map(String)]);
      return work(m);
    });
  }
  return ds.transaction(async (m) => {
    await m.query('UPDATE "receipts" SET "id" = "id" WHERE 1 = 0');
    return work(m);
  });
}
