import { DEFAULT_REVIEW_CONFIGURATION, ReviewConfiguration } from '../tenants/tenant.types';
import { AutomatedReviewer, EngineOutcome, ReviewCandidate, ReviewLookups } from './automated-reviewer';
import { statusForVerdict } from './receipt.types';
import { spotCheckPoint } from './spot-check';

const NOW = new Date('2024-06-15T12:00:00Z');
const DAY = 86_400_000;

const candidate = (over: Partial<ReviewCandidate> = {}): ReviewCandidate => ({
  tenantId: 't1',
  receiptId: 'r1',
  servedAt: new Date('2024-06-14T12:00:00Z'),
  serviceDate: '2024-06-14',
  total: 10,
  ocrConfidence: 0.9,
  formatSlug: 'till-a',
  merchantName: 'Burger King',
  ...over,
});

interface Calls {
  duplicate: number;
  format: number;
  merchant: number;
}

function lookups(over: { duplicate?: string | null; format?: number; merchant?: number } = {}): ReviewLookups & { calls: Calls } {
  const calls: Calls = { duplicate: 0, format: 0, merchant: 0 };
  return {
    calls,
    findDuplicate: async () => (calls.duplicate++, over.duplicate ?? null),
    countSameFormatToday: async () => (calls.format++, over.format ?? 0),
    countSameMerchantToday: async () => (calls.merchant++, over.merchant ?? 0),
  };
}

const ok = (response: Record<string, unknown> = {}): EngineOutcome => ({ ok: true, ruleSetId: 'rs1', response });
const reviewer = (config: Partial<ReviewConfiguration> = {}, spot: (t: string, r: string) => number = () => 0.99) =>
  new AutomatedReviewer({ ...DEFAULT_REVIEW_CONFIGURATION, ...config }, spot);

describe('AutomatedReviewer', () => {
  it('authorizes valid data when nothing else applies', async () => {
    const d = await reviewer().review(candidate(), lookups(), ok(), NOW);
    expect(d).toMatchObject({ verdict: 'AUTHORIZE', reason: 'VALID_DATA' });
  });

  it('1. rejects a duplicate first, before any other check (even a future date and an engine error)', async () => {
    const l = lookups({ duplicate: 'r0' });
    const d = await reviewer({ maxPerUserPerFormatPerDay: 0 }).review(
      candidate({ servedAt: new Date(NOW.getTime() + DAY), ocrConfidence: 0 }),
      l,
      { ok: false, ruleSetId: null, error: 'boom' },
      NOW,
    );
    expect(d).toMatchObject({ verdict: 'REJECT', reason: 'DUPLICATE', details: { duplicateOf: 'r0' } });
    expect(l.calls).toEqual({ duplicate: 1, format: 0, merchant: 0 });
  });

  it.each([
    ['a minute in the future', NOW.getTime() + 60_000, 'REJECT', 'INVALID_DATE'],
    ['exactly now', NOW.getTime(), 'AUTHORIZE', 'VALID_DATA'],
    ['exactly 30 days old', NOW.getTime() - 30 * DAY, 'AUTHORIZE', 'VALID_DATA'],
    ['30 days and a second old', NOW.getTime() - 30 * DAY - 1000, 'REJECT', 'INVALID_DATE'],
  ])('2. servedAt %s', async (_label, at, verdict, reason) => {
    const d = await reviewer().review(candidate({ servedAt: new Date(at) }), lookups(), ok(), NOW);
    expect(d).toMatchObject({ verdict, reason });
  });

  it('2. honours maxReceiptAgeDays', async () => {
    const c = candidate({ servedAt: new Date(NOW.getTime() - 3 * DAY) });
    expect(await reviewer({ maxReceiptAgeDays: 2 }).review(c, lookups(), ok(), NOW)).toMatchObject({ reason: 'INVALID_DATE' });
    expect(await reviewer({ maxReceiptAgeDays: 3 }).review(c, lookups(), ok(), NOW)).toMatchObject({ reason: 'VALID_DATA' });
  });

  it.each([
    ['no total', { total: null }],
    ['no serviceDate', { serviceDate: null, servedAt: null }],
    ['ocrConfidence below the minimum', { ocrConfidence: 0.49 }],
    ['no ocrConfidence', { ocrConfidence: null }],
  ])('3. abstains with INSUFFICIENT_DATA on %s', async (_label, over) => {
    const d = await reviewer().review(candidate(over), lookups(), ok(), NOW);
    expect(d).toMatchObject({ verdict: 'ABSTAIN', reason: 'INSUFFICIENT_DATA' });
  });

  it('3. accepts ocrConfidence equal to the minimum, and honours the tenant minimum', async () => {
    expect(await reviewer().review(candidate({ ocrConfidence: 0.5 }), lookups(), ok(), NOW)).toMatchObject({ reason: 'VALID_DATA' });
    expect(await reviewer({ minOcrConfidence: 0.95 }).review(candidate(), lookups(), ok(), NOW)).toMatchObject({ reason: 'INSUFFICIENT_DATA' });
  });

  it('2 before 3: an old receipt with no total is INVALID_DATE', async () => {
    const d = await reviewer().review(candidate({ total: null, servedAt: new Date(NOW.getTime() - 40 * DAY) }), lookups(), ok(), NOW);
    expect(d.reason).toBe('INVALID_DATE');
  });

  it('4. rejects the (N+1)th receipt of a format per day, counting only when a limit is set', async () => {
    const unlimited = lookups({ format: 1000, merchant: 1000 });
    expect(await reviewer().review(candidate(), unlimited, ok(), NOW)).toMatchObject({ reason: 'VALID_DATA' });
    expect(unlimited.calls).toMatchObject({ format: 0, merchant: 0 });

    expect(await reviewer({ maxPerUserPerFormatPerDay: 2 }).review(candidate(), lookups({ format: 1 }), ok(), NOW)).toMatchObject({ reason: 'VALID_DATA' });
    expect(await reviewer({ maxPerUserPerFormatPerDay: 2 }).review(candidate(), lookups({ format: 2 }), ok(), NOW)).toMatchObject({
      verdict: 'REJECT',
      reason: 'FORMAT_SUBMISSION_LIMIT_EXCEEDED',
      details: { limit: 2, alreadyToday: 2 },
    });
    expect(await reviewer({ maxPerUserPerFormatPerDay: 0 }).review(candidate(), lookups(), ok(), NOW)).toMatchObject({ reason: 'FORMAT_SUBMISSION_LIMIT_EXCEEDED' });
    // no formatSlug: the format limit does not apply
    expect(await reviewer({ maxPerUserPerFormatPerDay: 0 }).review(candidate({ formatSlug: null }), lookups(), ok(), NOW)).toMatchObject({ reason: 'VALID_DATA' });
  });

  it('4. rejects the (N+1)th receipt of a merchant per day; the format limit is checked first', async () => {
    expect(await reviewer({ maxPerUserPerMerchantPerDay: 1 }).review(candidate(), lookups({ merchant: 1 }), ok(), NOW)).toMatchObject({
      verdict: 'REJECT',
      reason: 'MERCHANT_SUBMISSION_LIMIT_EXCEEDED',
    });
    const both = await reviewer({ maxPerUserPerMerchantPerDay: 1, maxPerUserPerFormatPerDay: 1 }).review(candidate(), lookups({ merchant: 1, format: 1 }), ok(), NOW);
    expect(both.reason).toBe('FORMAT_SUBMISSION_LIMIT_EXCEEDED');
    expect(await reviewer({ maxPerUserPerMerchantPerDay: 0 }).review(candidate({ merchantName: null }), lookups(), ok(), NOW)).toMatchObject({ reason: 'VALID_DATA' });
  });

  it('3 before 4: insufficient data wins over a limit', async () => {
    expect(await reviewer({ maxPerUserPerFormatPerDay: 0 }).review(candidate({ total: null }), lookups(), ok(), NOW)).toMatchObject({ reason: 'INSUFFICIENT_DATA' });
  });

  it.each([
    [{ verdict: 'REJECT', reason: 'INVALID_VENUE' }, 'REJECT', 'INVALID_VENUE'],
    [{ verdict: 'ABSTAIN', reason: 'SUSPICIOUS' }, 'ABSTAIN', 'SUSPICIOUS'],
    [{ verdict: 'REJECT' }, 'REJECT', 'OTHER'],
    [{ verdict: 'REJECT', reason: 'NOT-A-REASON' }, 'REJECT', 'OTHER'],
    [{ verdict: 'ABSTAIN', reason: 42 }, 'ABSTAIN', 'OTHER'],
    [{ verdict: 'AUTHORIZE', reason: 'INVALID_VENUE' }, 'AUTHORIZE', 'VALID_DATA'],
    [{ verdict: 'SUCCESS' }, 'AUTHORIZE', 'VALID_DATA'],
    [{}, 'AUTHORIZE', 'VALID_DATA'],
  ])('5. engine response %j -> %s %s', async (response, verdict, reason) => {
    const d = await reviewer().review(candidate(), lookups(), ok(response), NOW);
    expect(d).toMatchObject({ verdict, reason });
  });

  it('5. an engine that threw abstains with RULE_ENGINE_THREW_ERROR', async () => {
    const d = await reviewer().review(candidate(), lookups(), { ok: false, ruleSetId: 'rs9', error: 'The rule engine failed: x' }, NOW);
    expect(d).toMatchObject({ verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR', details: { ruleSetId: 'rs9', error: 'The rule engine failed: x' } });
  });

  it('4 before 5: a limit wins over an engine REJECT', async () => {
    const d = await reviewer({ maxPerUserPerMerchantPerDay: 0 }).review(candidate(), lookups(), ok({ verdict: 'REJECT', reason: 'TEST' }), NOW);
    expect(d.reason).toBe('MERCHANT_SUBMISSION_LIMIT_EXCEEDED');
  });

  it('6. flags a deterministic share for spot check: point < rate', async () => {
    const at = (point: number, rate: number) => reviewer({ spotCheckRate: rate }, () => point).review(candidate(), lookups(), ok(), NOW);
    expect(await at(0.3, 0.5)).toMatchObject({ verdict: 'ABSTAIN', reason: 'FLAGGED_FOR_SPOT_CHECK' });
    expect(await at(0.5, 0.5)).toMatchObject({ reason: 'VALID_DATA' });
    expect(await at(0, 0)).toMatchObject({ reason: 'VALID_DATA' });
    expect(await at(0.999999, 1)).toMatchObject({ reason: 'FLAGGED_FOR_SPOT_CHECK' });
    // 5 before 6
    const engineFirst = await reviewer({ spotCheckRate: 1 }).review(candidate(), lookups(), ok({ verdict: 'ABSTAIN', reason: 'TEST' }), NOW);
    expect(engineFirst.reason).toBe('TEST');
  });

  it('6. the spot-check point is a stable, roughly uniform hash of tenant and receipt', () => {
    expect(spotCheckPoint('t1', 'r1')).toBe(spotCheckPoint('t1', 'r1'));
    expect(spotCheckPoint('t1', 'r1')).not.toBe(spotCheckPoint('t2', 'r1'));
    const points = Array.from({ length: 4000 }, (_, i) => spotCheckPoint('tenant', `receipt-${i}`));
    expect(points.every((p) => p >= 0 && p < 1)).toBe(true);
    const below = (x: number) => points.filter((p) => p < x).length / points.length;
    expect(below(0.1)).toBeGreaterThan(0.08);
    expect(below(0.1)).toBeLessThan(0.12);
    expect(below(0.5)).toBeGreaterThan(0.47);
    expect(below(0.5)).toBeLessThan(0.53);
  });

  it('status follows the verdict', () => {
    expect([statusForVerdict('AUTHORIZE'), statusForVerdict('REJECT'), statusForVerdict('ABSTAIN')]).toEqual(['AUTHORIZED', 'REJECTED', 'PENDING']);
  });
});
