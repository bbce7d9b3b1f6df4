import { createHash } from 'node:crypto';

/**
 * Where a receipt falls in [0, 1) for the spot check: the first 48 bits of SHA-256(`tenantId:receiptId`)
 * divided by 2^48. Deterministic (the same receipt always gets the same answer, on every instance and on
 * a re-review), uniform, and not steerable by the submitter, who does not choose the id. A receipt is
 * flagged when this is below the tenant's `spotCheckRate`, so rate 0 flags none and rate 1 flags all.
 */
export function spotCheckPoint(tenantId: string, receiptId: string): number {
  const digest = createHash('sha256').update(`${tenantId}:${receiptId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
