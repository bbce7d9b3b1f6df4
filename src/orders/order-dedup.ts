import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { rawQuery } from '../events/raw-sql';
import { OrderDedupClaimEntity } from './order-intake.entity';

export interface DedupKey {
  tenantId: string;
  submitter: string;
  transactionId: string;
}

/**
 * Takes the dedup window for (tenant, submitter, transactionId) for `orderId`, atomically, in the
 * caller's transaction. One statement decides: insert the claim, or take over an existing claim only
 * if its window has expired; the row comes back (RETURNING) only when this caller now holds it.
 *
 * Concurrent callers on PostgreSQL wait on the unique key until the first commits or rolls back and
 * then see its row, so exactly one of any number of concurrent duplicates (on any number of
 * instances) wins; SQLite has one writer, so the statements simply run one after another.
 */
export async function claimDedupWindow(m: EntityManager, key: DedupKey, orderId: string, now: Date, windowSeconds: number): Promise<boolean> {
  const rows = await rawQuery(
    m,
    `INSERT INTO order_dedup_claims ("tenantId", "submitter", "transactionId", "orderId", "claimedAt")
     VALUES (:tenantId, :submitter, :transactionId, :orderId, :now)
     ON CONFLICT ("tenantId", "submitter", "transactionId")
     DO UPDATE SET "orderId" = excluded."orderId", "claimedAt" = excluded."claimedAt"
     WHERE order_dedup_claims."claimedAt" <= :expiredAt
     RETURNING "orderId"`,
    { ...key, orderId, now, expiredAt: new Date(now.getTime() - windowSeconds * 1000) },
  );
  return rows.length === 1 && rows[0].orderId === orderId;
}

/** The order holding the window now, if any (its order may still be in the async intake). */
export async function currentClaim(ds: DataSource, key: DedupKey, now: Date, windowSeconds: number): Promise<string | null> {
  // keyed by the tenant like every tenant-owned read; the table has a composite key, not an id
  const claim = await ds.getRepository(OrderDedupClaimEntity).findOneBy({
    tenantId: key.tenantId,
    submitter: key.submitter,
    transactionId: key.transactionId,
    claimedAt: MoreThan(new Date(now.getTime() - windowSeconds * 1000)),
  });
  return claim?.orderId ?? null;
}

/** Gives the window back when the order it was taken for will never exist (its intake gave up). */
export async function releaseDedupWindow(m: EntityManager, tenantId: string, orderId: string): Promise<void> {
  await m.getRepository(OrderDedupClaimEntity).delete({ tenantId, orderId });
}

/** Expired claims block nothing (a new claim overwrites them); deleting them only keeps the table small. */
export async function purgeExpiredClaims(ds: DataSource, now: Date, windowSeconds: number): Promise<void> {
  await rawQuery(ds, `DELETE FROM order_dedup_claims WHERE "claimedAt" <= :expiredAt`, { expiredAt: new Date(now.getTime() - windowSeconds * 1000) });
}
