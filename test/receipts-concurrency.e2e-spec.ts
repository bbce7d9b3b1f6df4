import { AuthContext } from '../src/auth/auth-context';
import { PreparsedClaimDto } from '../src/receipts/dto/claim-receipt.dto';
import { ReceiptsService } from '../src/receipts/receipts.service';
import { TenantEntity } from '../src/tenants/tenant.entity';
import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { adminHeaders as admin, daysAgo, freshBarcode, preparsedClaim } from './receipts.fixtures';

/**
 * The automated review's duplicate and velocity checks under concurrent claims: identical claims
 * arriving together must produce exactly one winner, on SQLite (one writer, one shared connection) and
 * on PostgreSQL (a pool; advisory locks).
 */
describe('receipts: concurrent claims', () => {
  let t: TestApp;
  const N = 12;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const claim = (tenant: TestTenant, body: Record<string, unknown>) => t.http.post('/receipts').set(admin(tenant)).send(body);

  function tally(responses: Array<{ status: number; body: { data: { status: string; paramountReview: { reason: string } } } }>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of responses) {
      const key = r.status === 201 ? r.body.data.paramountReview.reason : `HTTP ${r.status}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  it('identical claims at the same instant: exactly one is accepted, the others are DUPLICATE', async () => {
    const tenant = await t.createTenant('Same barcode');
    const body = preparsedClaim();
    const responses = await Promise.all(Array.from({ length: N }, (_, i) => claim(tenant, { ...body, submitter: { authIdentifier: `u${i % 3}` } })));
    expect(tally(responses)).toEqual({ VALID_DATA: 1, DUPLICATE: N - 1 });
    const listed = await t.http.get('/receipts').query({ limit: '100', filter: 'status:(eq:AUTHORIZED)' }).set(admin(tenant));
    expect(listed.body.data).toHaveLength(1);
  });

  it('identical claims entering the service together (no HTTP staggering): exactly one is accepted', async () => {
    // Over HTTP the requests reach the review a little apart; here every claim has passed matching and
    // the rule engine before any of them takes its lock, which is the worst case for the check-then-insert.
    const tenant = await t.createTenant('Same barcode, direct');
    const auth: AuthContext = {
      tenant: (await t.ds.getRepository(TenantEntity).findOneByOrFail({ id: tenant.id })),
      user: { authIdentifier: 'admin-1', authIssuer: tenant.issuer, name: 'Ada' },
      isAdmin: true,
    };
    const service = t.app.get(ReceiptsService);
    const body = preparsedClaim() as unknown as PreparsedClaimDto;
    const results = await Promise.all(Array.from({ length: N }, () => service.claimPreparsed(auth, body)));
    const reasons = results.map((r) => r.paramountReview!.reason);
    expect(reasons.filter((r) => r === 'VALID_DATA')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'DUPLICATE')).toHaveLength(N - 1);
  });

  it('the same purchase (merchant + total + servedAt) under different barcodes: exactly one is accepted', async () => {
    const tenant = await t.createTenant('Same purchase');
    const responses = await Promise.all(
      Array.from({ length: N }, () =>
        claim(
          tenant,
          preparsedClaim({
            barcode: { value: freshBarcode(), confidence: 1 },
            merchantName: { value: 'Pret', confidence: 1 },
            total: { value: '4.20', confidence: 1 },
            serviceDate: { value: daysAgo(1), confidence: 1 },
            serviceTime: { value: '08:15', confidence: 1 },
          }),
        ),
      ),
    );
    expect(tally(responses)).toEqual({ VALID_DATA: 1, DUPLICATE: N - 1 });
  });

  it('a per-user daily limit holds under concurrent claims of one user', async () => {
    const tenant = await t.createTenant('Velocity');
    await t.http.patch('/tenant/configuration').set(admin(tenant)).send({ review: { maxPerUserPerFormatPerDay: 3 } });
    const responses = await Promise.all(Array.from({ length: N }, () => claim(tenant, preparsedClaim({ formatSlug: 'till' }, 'busy-user'))));
    expect(tally(responses)).toEqual({ VALID_DATA: 3, FORMAT_SUBMISSION_LIMIT_EXCEEDED: N - 3 });
  });

  it('concurrent manual reviews of one receipt are all kept, in one order, and the last one is paramount', async () => {
    const tenant = await t.createTenant('Reviews');
    const id = (await claim(tenant, preparsedClaim())).body.data.id;
    const verdicts = ['AUTHORIZE', 'REJECT', 'ABSTAIN'] as const;
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) => t.http.post(`/receipts/${id}/reviews`).set(admin(tenant)).send({ verdict: verdicts[i % 3], reason: 'OTHER', comment: `#${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(201));
    const history = (await t.http.get(`/receipts/${id}/reviews`).set(admin(tenant))).body.data;
    expect(history).toHaveLength(N + 1);
    expect(new Set(history.map((r: { id: string }) => r.id)).size).toBe(N + 1);
    const receipt = (await t.http.get(`/receipts/${id}`).set(admin(tenant))).body.data;
    expect(receipt.paramountReview.id).toBe(history[0].id);
    expect(receipt.status).toBe({ AUTHORIZE: 'AUTHORIZED', REJECT: 'REJECTED', ABSTAIN: 'PENDING' }[history[0].verdict as string]);
  });

  it('claims, reviews and lists of several tenants at once never fail', async () => {
    const a = await t.createTenant('Busy A');
    const b = await t.createTenant('Busy B');
    const seed = (await claim(a, preparsedClaim())).body.data.id;
    const work = Array.from({ length: 30 }, (_, i) => {
      switch (i % 5) {
        case 0:
          return claim(a, preparsedClaim());
        case 1:
          return claim(b, preparsedClaim());
        case 2:
          return t.http.get('/receipts').query({ filter: 'total:(gt:1)' }).set(admin(a));
        case 3:
          return t.http.post(`/receipts/${seed}/reviews`).set(admin(a)).send({ verdict: 'AUTHORIZE', reason: 'VERIFIED' });
        default:
          return t.http.post('/receipts').set(admin(b)).send({ useParser: true, pictureUrl: 'https://example.com/x.jpg', submitter: { authIdentifier: 'u' } });
      }
    });
    const statuses = (await Promise.all(work)).map((r) => r.status);
    expect(statuses.filter((s) => s >= 400)).toEqual([]);
  });
});
