import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEntity } from '../src/events/event.entity';
import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail, fieldPaths } from './support/expect';
import { expectSchema } from './support/schemas';
import { adminHeaders as admin, custom, daysAgo, freshBarcode, preparsedClaim, userHeaders } from './receipts.fixtures';

/** Each review in a list validated against the reference's Review schema (the paramountReview of a claim response). */
function expectReviewSchema(review: unknown): void {
  expectSchema('receipt-claim', { status: 'success', data: { id: 'x', status: 'PENDING', paramountReview: review } });
}

describe('receipts: claims, automated review, manual review, rights', () => {
  let t: TestApp;
  let acme: TestTenant;
  let rival: TestTenant;
  let banana: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.createTenant('Acme');
    rival = await t.createTenant('Rival');
    banana = (await t.http.post('/products').set(admin(acme)).send({ name: 'Banana', identifiers: ['SKU123'], price: 1.99 })).body.data;
  });
  afterAll(async () => t.close());

  const claim = (tenant: TestTenant, body: Record<string, unknown>) => t.http.post('/receipts').set(admin(tenant)).send(body);

  async function tenantWith(name: string, configuration: Record<string, unknown>): Promise<TestTenant> {
    const tenant = await t.createTenant(name);
    const res = await t.http.patch('/tenant/configuration').set(admin(tenant)).send(configuration);
    expect(res.status).toBe(200);
    return tenant;
  }

  describe('preparsed mode', () => {
    it('stores the receipt, reviews it automatically and answers {id, status, paramountReview} as the reference', async () => {
      const body = preparsedClaim();
      expectSchema('receipt-claim-request-preparsed', body); // our fixture is a request the reference accepts
      const res = await claim(acme, body);
      expect(res.status).toBe(201);
      expectSchema('receipt-claim', res.body);
      expect(Object.keys(res.body.data).sort()).toEqual(['id', 'paramountReview', 'status']);
      expect(res.body.data.status).toBe('AUTHORIZED');
      expect(res.body.data.paramountReview).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        verdict: 'AUTHORIZE',
        reason: 'VALID_DATA',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        isAutomated: true,
        reviwer: null,
        comment: null,
      });
    });

    it('returns the full receipt: plain values, confidences, matched products, transactionId = barcode, servedAt', async () => {
      const body = preparsedClaim({
        lineItems: [
          { quantity: 2, description: 'Banana', identifier: 'SKU123', unit: 'Bunch', unitPrice: 1.99, totalPrice: 3.98, metadata: { key: 'value' } },
          { quantity: 1, description: '  BANANA ', unitPrice: 0.5, totalPrice: 0.5 },
          { quantity: 1, description: 'Mystery item', totalPrice: 1 },
        ],
      });
      const id = (await claim(acme, body)).body.data.id;
      const res = await t.http.get(`/receipts/${id}`).set(admin(acme));
      expect(res.status).toBe(200);
      expectSchema('receipt', res.body);
      const r = res.body.data;
      const barcode = (body.barcode as { value: string }).value;
      const date = (body.serviceDate as { value: string }).value;
      expect(r).toMatchObject({
        id,
        status: 'AUTHORIZED',
        submitter: { authIdentifier: 'user-1' },
        ocrConfidence: '0.76',
        total: 3.98,
        subtotal: 3.98,
        barcode,
        transactionId: barcode,
        pictureUrl: 'https://example.com/receiptImage.jpg',
        locationIdentifier: 'LOC-1',
        locationAddress: '123 Road Street, Leeds',
        submissionPosition: { longitude: -1.5491, latitude: 53.8008 },
        formatSlug: 'example-format',
        merchantName: (body.merchantName as { value: string }).value,
        language: 'en',
        timezone: 'UTC',
        serviceDate: date,
        serviceTime: '12:00:00',
        servedAt: `${date}T12:00:00.000Z`,
        notionallyServedAt: `${date}T12:00:00.000Z`,
        metadata: { source: 'API', campaignId: 'ExampleCampaign', key: 'value' },
        confidences: {
          serviceDate: 0.89,
          serviceTime: 0.88,
          subtotal: 0.87,
          total: 0.86,
          barcode: 0.85,
          locationIdentifier: 0.84,
          locationAddress: 0.83,
          merchantName: 0.82,
          language: 0.81,
        },
      });
      expect(r.paramountReview).toMatchObject({ verdict: 'AUTHORIZE', reason: 'VALID_DATA', isAutomated: true, reviwer: null });
      expect(r.lineItems).toEqual([
        { quantity: 2, description: 'Banana', identifier: 'SKU123', unit: 'Bunch', unitPrice: 1.99, totalPrice: 3.98, metadata: { key: 'value' }, productId: banana.id },
        { quantity: 1, description: '  BANANA ', unitPrice: 0.5, totalPrice: 0.5, productId: banana.id },
        { quantity: 1, description: 'Mystery item', totalPrice: 1 },
      ]);
    });

    it('accepts numeric amounts and an explicit transactionId, and omits what was not given', async () => {
      const body = preparsedClaim({ total: { value: 12.5, confidence: 0.9 }, transactionId: 'TX-1' });
      delete body.subtotal;
      delete body.pictureUrl;
      delete body.locationAddress;
      delete body.metadata;
      const id = (await claim(acme, body)).body.data.id;
      const r = (await t.http.get(`/receipts/${id}`).set(admin(acme))).body;
      expectSchema('receipt', r);
      expect(r.data).toMatchObject({ total: 12.5, transactionId: 'TX-1', barcode: (body.barcode as { value: string }).value });
      for (const absent of ['subtotal', 'pictureUrl', 'locationAddress', 'metadata']) expect(r.data).not.toHaveProperty(absent);
    });

    it('reads serviceDate + serviceTime in the tenant time zone', async () => {
      const ny = await tenantWith('New York', { timezone: 'America/New_York', review: { maxReceiptAgeDays: 3650 } });
      const winter = (await claim(ny, preparsedClaim({ serviceDate: { value: '2024-01-15', confidence: 1 }, serviceTime: { value: '12:00', confidence: 1 } }))).body.data;
      const summer = (await claim(ny, preparsedClaim({ serviceDate: { value: '2024-07-15', confidence: 1 }, serviceTime: { value: '23:30:15', confidence: 1 } }))).body.data;
      const w = (await t.http.get(`/receipts/${winter.id}`).set(admin(ny))).body.data;
      const s = (await t.http.get(`/receipts/${summer.id}`).set(admin(ny))).body.data;
      expect([w.timezone, w.servedAt, w.notionallyServedAt]).toEqual(['America/New_York', '2024-01-15T17:00:00.000Z', '2024-01-15T17:00:00.000Z']);
      expect([s.serviceDate, s.serviceTime, s.servedAt]).toEqual(['2024-07-15', '23:30:15', '2024-07-16T03:30:15.000Z']);
    });

    it('is refused to a user token with 403, whatever the body', async () => {
      const headers = await userHeaders(acme, 'user-1');
      expectFail(await t.http.post('/receipts').set(headers).send(preparsedClaim()), 403, 'ForbiddenError');
      expectFail(await t.http.post('/receipts').set(headers).send({ useParser: false, bogus: 1 }), 403, 'ForbiddenError');
    });

    it('needs an admin to name the submitter', async () => {
      const body = preparsedClaim();
      delete body.submitter;
      const res = await claim(acme, body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['submitter.authIdentifier']);
    });

    it.each<[string, string, (b: Record<string, unknown>) => void]>([
      ['an unknown top-level property', 'isAdmin', (b) => (b.isAdmin = true)],
      ['an unknown line item property', 'lineItems[0].productId', (b) => ((b.lineItems as Array<Record<string, unknown>>)[0].productId = 'x')],
      ['an unknown property in a {value, confidence} pair', 'total.currency', (b) => ((b.total as Record<string, unknown>).currency = 'GBP')],
      ['an unknown submitter property', 'submitter.name', (b) => ((b.submitter as Record<string, unknown>).name = 'x')],
      ['missing ocrConfidence', 'ocrConfidence', (b) => delete b.ocrConfidence],
      ['ocrConfidence above 1', 'ocrConfidence', (b) => (b.ocrConfidence = 1.5)],
      ['missing lineItems', 'lineItems', (b) => delete b.lineItems],
      ['a line item that is not an object', 'lineItems[0]', (b) => (b.lineItems = ['x'])],
      ['a non-numeric quantity', 'lineItems[0].quantity', (b) => ((b.lineItems as Array<Record<string, unknown>>)[0].quantity = '2')],
      ['a date that does not exist', 'serviceDate.value', (b) => (b.serviceDate = { value: '2023-02-29', confidence: 1 })],
      ['a malformed time', 'serviceTime.value', (b) => (b.serviceTime = { value: '24:00', confidence: 1 })],
      ['a total that is not an amount', 'total.value', (b) => (b.total = { value: 'Hello, world!', confidence: 1 })],
      ['a pair without confidence', 'barcode.confidence', (b) => (b.barcode = { value: 'x' })],
      ['metadata without source', 'metadata', (b) => (b.metadata = { campaignId: 'c' })],
      ['a latitude out of range', 'submissionPosition.latitude', (b) => (b.submissionPosition = { latitude: 91, longitude: 0 })],
      ['a pictureUrl that is not http(s)', 'pictureUrl', (b) => (b.pictureUrl = 'javascript:alert(1)')],
    ])('refuses %s with a 400 naming %s', async (_label, path, mutate) => {
      const body = preparsedClaim();
      mutate(body);
      const res = await claim(acme, body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toContain(path);
    });

    it('refuses a body that is not an object or has no boolean useParser', async () => {
      expectFail(await t.http.post('/receipts').set(admin(acme)).send([1, 2]), 400, 'BadRequestError');
      const res = await t.http.post('/receipts').set(admin(acme)).send({ useParser: 'false' });
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['useParser']);
    });

    it('accepts 1,000 line items and refuses 1,001 with a 400 on lineItems', async () => {
      const item = { quantity: 1, description: 'x', totalPrice: 1 };
      const ok = await claim(acme, preparsedClaim({ lineItems: Array.from({ length: 1000 }, () => item) }));
      expect(ok.status).toBe(201);
      const res = await claim(acme, preparsedClaim({ lineItems: Array.from({ length: 1001 }, () => item) }));
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['lineItems']);
    });
  });

  describe('default mode', () => {
    it('lets a user claim for themself: PENDING, no review, waiting for a parser that is not configured', async () => {
      const body = { useParser: true, pictureUrl: 'https://example.com/receiptImage.jpg', submissionPosition: { longitude: 170.9021, latitude: 80.9021 }, metadata: { source: 'APP' } };
      expectSchema('receipt-claim-request-default', body);
      const headers = await userHeaders(acme, 'user-7');
      const res = await t.http.post('/receipts').set(headers).send(body);
      expect(res.status).toBe(201);
      expectSchema('receipt-claim', res.body);
      expect(res.body.data).toEqual({ id: expect.any(String), status: 'PENDING', paramountReview: null });
      const got = await t.http.get(`/receipts/${res.body.data.id}`).set(headers);
      expect(got.status).toBe(200);
      expectSchema('receipt', got.body);
      expect(got.body.data).toMatchObject({
        status: 'PENDING',
        paramountReview: null,
        submitter: { authIdentifier: 'user-7' },
        pictureUrl: 'https://example.com/receiptImage.jpg',
        ocrConfidence: '',
        serviceDate: '',
        serviceTime: '',
        servedAt: '',
        lineItems: [],
        metadata: { source: 'APP' },
      });
      expect(got.body.data.notionallyServedAt).toBe(got.body.data.createdAt);
    });

    it('lets a user name themself as submitter but nobody else', async () => {
      const headers = await userHeaders(acme, 'user-7');
      const base = { useParser: true, pictureUrl: 'https://example.com/r.jpg' };
      expect((await t.http.post('/receipts').set(headers).send({ ...base, submitter: { authIdentifier: 'user-7' } })).status).toBe(201);
      expectFail(await t.http.post('/receipts').set(headers).send({ ...base, submitter: { authIdentifier: 'user-8' } }), 403, 'ForbiddenError');
    });

    it('needs an admin to name the submitter, and stores it', async () => {
      const base = { useParser: true, pictureUrl: 'https://example.com/r.jpg' };
      const missing = await t.http.post('/receipts').set(admin(acme)).send(base);
      expectFail(missing, 400, 'BadRequestError');
      expect(fieldPaths(missing)).toEqual(['submitter.authIdentifier']);
      const res = await t.http.post('/receipts').set(admin(acme)).send({ ...base, submitter: { authIdentifier: 'user-9' } });
      expect(res.status).toBe(201);
      const got = await t.http.get(`/receipts/${res.body.data.id}`).set(await userHeaders(acme, 'user-9'));
      expect(got.body.data.submitter).toEqual({ authIdentifier: 'user-9' });
    });

    it.each([
      ['ftp://example.com/r.jpg'],
      ['file:///etc/passwd'],
      ['example.com/r.jpg'],
      ['https://user:pass@example.com/r.jpg'],
      ['not a url'],
      [''],
    ])('refuses pictureUrl %j', async (pictureUrl) => {
      const res = await t.http.post('/receipts').set(await userHeaders(acme, 'user-7')).send({ useParser: true, pictureUrl });
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toContain('pictureUrl');
    });

    it('refuses preparsed-only fields and a missing pictureUrl', async () => {
      const headers = await userHeaders(acme, 'user-7');
      const extra = await t.http.post('/receipts').set(headers).send({ useParser: true, pictureUrl: 'https://example.com/r.jpg', total: { value: '1', confidence: 1 } });
      expectFail(extra, 400, 'BadRequestError');
      expect(fieldPaths(extra)).toEqual(['total']);
      const missing = await t.http.post('/receipts').set(headers).send({ useParser: true });
      expect(fieldPaths(missing)).toContain('pictureUrl');
    });

    it('never fetches the picture (no parser is configured)', async () => {
      let hits = 0;
      const server = http.createServer((_req, res) => {
        hits++;
        res.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/receipt.jpg`;
        const res = await t.http.post('/receipts').set(await userHeaders(acme, 'user-7')).send({ useParser: true, pictureUrl: url });
        expect(res.status).toBe(201);
        await new Promise((r) => setTimeout(r, 200));
        expect(hits).toBe(0);
      } finally {
        server.close();
      }
    });
  });

  describe('automated review outcomes', () => {
    it('DUPLICATE by barcode, for any submitter, only while the first is not rejected; never across tenants', async () => {
      const tenant = await t.createTenant('Dup by barcode');
      const barcode = { value: freshBarcode(), confidence: 0.9 };
      const first = (await claim(tenant, preparsedClaim({ barcode }))).body.data;
      expect(first.status).toBe('AUTHORIZED');
      const second = (await claim(tenant, preparsedClaim({ barcode }, 'someone-else'))).body.data;
      expect(second).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT', reason: 'DUPLICATE', isAutomated: true } });
      expect((await claim(tenant, preparsedClaim({ barcode }))).body.data.paramountReview.reason).toBe('DUPLICATE');
      expect((await claim(rival, preparsedClaim({ barcode }))).body.data.status).toBe('AUTHORIZED');
      // an explicit transactionId equal to an existing one is the same purchase
      expect((await claim(tenant, preparsedClaim({ transactionId: barcode.value }))).body.data.paramountReview.reason).toBe('DUPLICATE');
      // once the first is rejected by hand, the barcode is free again
      await t.http.post(`/receipts/${first.id}/reviews`).set(admin(tenant)).send({ verdict: 'REJECT', reason: 'SUSPICIOUS' });
      expect((await claim(tenant, preparsedClaim({ barcode }))).body.data.status).toBe('AUTHORIZED');
    });

    it('DUPLICATE by merchant + total + servedAt (to the minute), not by date alone', async () => {
      const tenant = await t.createTenant('Dup by purchase');
      const same = { merchantName: { value: 'Burger King', confidence: 1 }, total: { value: '9.99', confidence: 1 }, serviceDate: { value: daysAgo(2), confidence: 1 } };
      const at = (time: string | null) => preparsedClaim({ ...same, ...(time ? { serviceTime: { value: time, confidence: 1 } } : { serviceTime: undefined }) });
      expect((await claim(tenant, at('10:15'))).body.data.status).toBe('AUTHORIZED');
      expect((await claim(tenant, at('10:15:00'))).body.data).toMatchObject({ status: 'REJECTED', paramountReview: { reason: 'DUPLICATE' } });
      expect((await claim(tenant, at('10:16'))).body.data.status).toBe('AUTHORIZED');
      expect((await claim(tenant, preparsedClaim({ ...same, total: { value: '9.98', confidence: 1 }, serviceTime: { value: '10:15', confidence: 1 } }))).body.data.status).toBe('AUTHORIZED');
      const dateOnly = preparsedClaim(same);
      delete dateOnly.serviceTime;
      expect((await claim(tenant, dateOnly)).body.data.status).toBe('AUTHORIZED');
      expect((await claim(tenant, { ...dateOnly, barcode: { value: freshBarcode(), confidence: 1 } })).body.data.status).toBe('AUTHORIZED');
    });

    it.each([
      ['tomorrow', () => daysAgo(-1), '00:01'],
      ['later today (in an hour)', () => new Date(Date.now() + 3600_000).toISOString().slice(0, 10), new Date(Date.now() + 3600_000).toISOString().slice(11, 16)],
      ['31 days ago', () => daysAgo(31), '00:00'],
    ])('INVALID_DATE when served %s', async (_label, date, time) => {
      const res = await claim(acme, preparsedClaim({ serviceDate: { value: date(), confidence: 1 }, serviceTime: { value: time, confidence: 1 } }));
      expect(res.body.data).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT', reason: 'INVALID_DATE' } });
    });

    it('INVALID_DATE follows maxReceiptAgeDays', async () => {
      const lenient = await tenantWith('Lenient', { review: { maxReceiptAgeDays: 60 } });
      const body = () => preparsedClaim({ serviceDate: { value: daysAgo(45), confidence: 1 } });
      expect((await claim(lenient, body())).body.data.status).toBe('AUTHORIZED');
      expect((await claim(acme, body())).body.data.paramountReview.reason).toBe('INVALID_DATE');
    });

    it.each<[string, (b: Record<string, unknown>) => void]>([
      ['no total', (b) => delete b.total],
      ['no serviceDate', (b) => delete b.serviceDate],
      ['ocrConfidence below 0.5', (b) => (b.ocrConfidence = 0.49)],
    ])('INSUFFICIENT_DATA with %s: ABSTAIN, status PENDING', async (_label, mutate) => {
      const body = preparsedClaim();
      mutate(body);
      const res = await claim(acme, body);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN', reason: 'INSUFFICIENT_DATA' } });
    });

    it('INSUFFICIENT_DATA follows minOcrConfidence', async () => {
      const strict = await tenantWith('Strict OCR', { review: { minOcrConfidence: 0.9 } });
      expect((await claim(strict, preparsedClaim({ ocrConfidence: 0.89 }))).body.data.paramountReview.reason).toBe('INSUFFICIENT_DATA');
      expect((await claim(strict, preparsedClaim({ ocrConfidence: 0.9 }))).body.data.paramountReview.reason).toBe('VALID_DATA');
    });

    it('FORMAT_SUBMISSION_LIMIT_EXCEEDED: the (N+1)th receipt of a format per user per day', async () => {
      const limited = await tenantWith('Format limit', { review: { maxPerUserPerFormatPerDay: 2 } });
      const reasons: string[] = [];
      for (let i = 0; i < 4; i++) reasons.push((await claim(limited, preparsedClaim({ formatSlug: 'till-a' }, 'u1'))).body.data.paramountReview.reason);
      expect(reasons).toEqual(['VALID_DATA', 'VALID_DATA', 'FORMAT_SUBMISSION_LIMIT_EXCEEDED', 'FORMAT_SUBMISSION_LIMIT_EXCEEDED']);
      expect((await claim(limited, preparsedClaim({ formatSlug: 'till-b' }, 'u1'))).body.data.status).toBe('AUTHORIZED');
      expect((await claim(limited, preparsedClaim({ formatSlug: 'till-a' }, 'u2'))).body.data.status).toBe('AUTHORIZED');
      const third = (await claim(limited, preparsedClaim({ formatSlug: 'till-a' }, 'u1'))).body.data;
      expect(third).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT' } });
    });

    it('MERCHANT_SUBMISSION_LIMIT_EXCEEDED: per user per merchant per day; rejected claims do not use the allowance', async () => {
      const limited = await tenantWith('Merchant limit', { review: { maxPerUserPerMerchantPerDay: 1 } });
      const costa = (total: string) => ({ merchantName: { value: 'Costa', confidence: 1 }, total: { value: total, confidence: 1 } });
      expect((await claim(limited, preparsedClaim(costa('1'), 'u1'))).body.data.status).toBe('AUTHORIZED');
      expect((await claim(limited, preparsedClaim(costa('2'), 'u1'))).body.data.paramountReview.reason).toBe('MERCHANT_SUBMISSION_LIMIT_EXCEEDED');
      expect((await claim(limited, preparsedClaim(costa('3'), 'u1'))).body.data.paramountReview.reason).toBe('MERCHANT_SUBMISSION_LIMIT_EXCEEDED');
      expect((await claim(limited, preparsedClaim({ merchantName: { value: 'Greggs', confidence: 1 } }, 'u1'))).body.data.status).toBe('AUTHORIZED');
      expect((await claim(limited, preparsedClaim(costa('4'), 'u2'))).body.data.status).toBe('AUTHORIZED');
    });

    describe('with an active rule set', () => {
      let ruled: TestTenant;
      beforeAll(async () => {
        ruled = await t.createTenant('Ruled');
        const res = await t.http
          .post('/transactions-rule-engine/rule-sets')
          .set(admin(ruled))
          .send({
            name: 'Review rules',
            isActive: true,
            ruleDefinitions: [
              custom('big-spend', 10, { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThan', value: 100 }] }, [
                { key: 'verdict', value: 'REJECT' },
                { key: 'reason', value: 'SUSPICIOUS' },
              ]),
              custom('unknown-shop', 9, { all: [{ fact: 'request', path: '$.transaction.merchantName', operator: 'equal', value: 'Shady Shop' }] }, [
                { key: 'verdict', value: 'ABSTAIN' },
                { key: 'reason', value: 'INVALID_MERCHANT' },
              ]),
              custom('no-reason', 8, { all: [{ fact: 'request', path: '$.transaction.formatSlug', operator: 'equal', value: 'odd-format' }] }, [{ key: 'verdict', value: 'REJECT' }]),
              custom('tagger', 1, { all: [{ fact: 'request', path: '$.transaction.type', operator: 'equal', value: 'RECEIPT' }] }, [{ key: 'tagged', value: true }]),
            ],
          });
        expect(res.status).toBe(201);
      });

      it('REJECT with the rule reason', async () => {
        const res = await claim(ruled, preparsedClaim({ total: { value: '150.00', confidence: 1 } }));
        expect(res.body.data).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT', reason: 'SUSPICIOUS' } });
      });

      it('ABSTAIN with the rule reason', async () => {
        const res = await claim(ruled, preparsedClaim({ merchantName: { value: 'Shady Shop', confidence: 1 } }));
        expect(res.body.data).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN', reason: 'INVALID_MERCHANT' } });
      });

      it('REJECT without a reason is OTHER', async () => {
        const res = await claim(ruled, preparsedClaim({ formatSlug: 'odd-format' }));
        expect(res.body.data).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT', reason: 'OTHER' } });
      });

      it('no REJECT/ABSTAIN: VALID_DATA, with the full engine response stored on the automated review', async () => {
        const res = await claim(ruled, preparsedClaim());
        expect(res.body.data.paramountReview.reason).toBe('VALID_DATA');
        const reviews = await t.http.get(`/receipts/${res.body.data.id}/reviews`).set(admin(ruled));
        expect(reviews.body.data[0]).toMatchObject({ isAutomated: true, ruleEngineResponse: { tagged: true }, details: { check: 'VALID_DATA' } });
        expect(reviews.body.data[0].ruleSetId).toEqual(expect.any(String));
        const rejected = await claim(ruled, preparsedClaim({ total: { value: '150.00', confidence: 1 } }));
        const history = await t.http.get(`/receipts/${rejected.body.data.id}/reviews`).set(admin(ruled));
        expect(history.body.data[0].ruleEngineResponse).toEqual({ verdict: 'REJECT', reason: 'SUSPICIOUS', tagged: true });
      });

      it('the rule engine sees the receipt after product matching', async () => {
        const tenant = await t.createTenant('Basket');
        const pepsi = (await t.http.post('/products').set(admin(tenant)).send({ name: 'Pepsi', identifiers: ['PEPSI-330'], price: 1.1 })).body.data;
        const set = await t.http
          .post('/transactions-rule-engine/rule-sets')
          .set(admin(tenant))
          .send({
            isActive: true,
            ruleDefinitions: [
              {
                type: 'BASKET',
                name: 'pepsi-present',
                priority: 5,
                configuration: { productId: pepsi.id, isUnitPriceCheckNeeded: false },
                resultParams: { success: [], failure: [{ key: 'verdict', value: 'ABSTAIN' }, { key: 'reason', value: 'NO_QUALIFYING_PRODUCTS' }] },
              },
            ],
          });
        expect(set.status).toBe(201);
        const without = await claim(tenant, preparsedClaim());
        expect(without.body.data.paramountReview.reason).toBe('NO_QUALIFYING_PRODUCTS');
        const withPepsi = await claim(tenant, preparsedClaim({ lineItems: [{ description: 'pepsi', quantity: 1, totalPrice: 1.1 }] }));
        expect(withPepsi.body.data.paramountReview.reason).toBe('VALID_DATA');
      });
    });

    it('RULE_ENGINE_THREW_ERROR: a rule set valid when saved that fails at run time is ABSTAIN, never a 500', async () => {
      const tenant = await t.createTenant('Throwing');
      // `in` against a fact reference that resolves to nothing throws inside json-rules-engine at run time.
      const set = await t.http
        .post('/transactions-rule-engine/rule-sets')
        .set(admin(tenant))
        .send({
          isActive: true,
          ruleDefinitions: [
            custom(
              'allowed-format',
              5,
              { all: [{ fact: 'request', path: '$.transaction.formatSlug', operator: 'in', value: { fact: 'request', path: '$.transaction.metadata.allowedFormats' } }] },
              [{ key: 'formatAllowed', value: true }],
            ),
          ],
        });
      expect(set.status).toBe(201);
      const res = await claim(tenant, preparsedClaim());
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' } });
      const history = await t.http.get(`/receipts/${res.body.data.id}/reviews`).set(admin(tenant));
      expect(history.body.data[0]).toMatchObject({ ruleEngineResponse: null, details: { check: 'RULE_ENGINE', error: expect.stringContaining('rule engine') } });
      // the same rule set is fine for a receipt that has the list
      const fine = await claim(tenant, preparsedClaim({ metadata: { source: 'API', allowedFormats: ['example-format'] } }));
      expect(fine.body.data.paramountReview.reason).toBe('VALID_DATA');
      const fineHistory = await t.http.get(`/receipts/${fine.body.data.id}/reviews`).set(admin(tenant));
      expect(fineHistory.body.data[0].ruleEngineResponse).toEqual({ formatAllowed: true });
    });

    it('FLAGGED_FOR_SPOT_CHECK: exactly the receipts whose hash point is below spotCheckRate', async () => {
      const { spotCheckPoint } = await import('../src/receipts/spot-check');
      const half = await tenantWith('Half spot-checked', { review: { spotCheckRate: 0.5 } });
      const results = await Promise.all(Array.from({ length: 24 }, () => claim(half, preparsedClaim())));
      const flagged = results.map((r) => r.body.data.paramountReview.reason === 'FLAGGED_FOR_SPOT_CHECK');
      expect(flagged).toEqual(results.map((r) => spotCheckPoint(half.id, r.body.data.id) < 0.5));
      expect(flagged.some(Boolean)).toBe(true);
      expect(flagged.some((f) => !f)).toBe(true);
      for (const r of results.filter((r) => r.body.data.paramountReview.reason === 'FLAGGED_FOR_SPOT_CHECK')) {
        expect(r.body.data).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN' } });
      }
      const all = await tenantWith('All spot-checked', { review: { spotCheckRate: 1 } });
      expect((await claim(all, preparsedClaim())).body.data.paramountReview.reason).toBe('FLAGGED_FOR_SPOT_CHECK');
    });
  });

  describe('manual reviews', () => {
    it('become paramount, set the status, are listed newest first and carry the reviewer from the token', async () => {
      const created = (await claim(acme, preparsedClaim({ ocrConfidence: 0.1 }))).body.data;
      expect(created.status).toBe('PENDING');

      const first = await t.http.post(`/receipts/${created.id}/reviews`).set(admin(acme)).send({ verdict: 'AUTHORIZE', reason: 'VERIFIED', comment: 'Checked the till roll' });
      expect(first.status).toBe(201);
      expectSchema('receipt-review', first.body);
      expectReviewSchema(first.body.data);
      expect(first.body.data).toEqual({
        id: expect.any(String),
        verdict: 'AUTHORIZE',
        reason: 'VERIFIED',
        createdAt: expect.any(String),
        isAutomated: false,
        reviwer: { authIssuer: acme.issuer, authIdentifier: 'admin-1', name: 'Ada Admin' },
        comment: 'Checked the till roll',
      });
      let receipt = (await t.http.get(`/receipts/${created.id}`).set(admin(acme))).body.data;
      expect(receipt.status).toBe('AUTHORIZED');
      expect(receipt.paramountReview).toEqual(first.body.data);

      const second = await t.http.post(`/receipts/${created.id}/reviews`).set(admin(acme)).send({ verdict: 'REJECT', reason: 'DUPLICATE' });
      expect(second.body.data.comment).toBeNull();
      receipt = (await t.http.get(`/receipts/${created.id}`).set(admin(acme))).body.data;
      expect(receipt).toMatchObject({ status: 'REJECTED', paramountReview: { id: second.body.data.id, reason: 'DUPLICATE' } });
      expect(new Date(receipt.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(receipt.createdAt).getTime());

      await t.http.post(`/receipts/${created.id}/reviews`).set(admin(acme)).send({ verdict: 'ABSTAIN', reason: 'OTHER' });
      expect((await t.http.get(`/receipts/${created.id}`).set(admin(acme))).body.data.status).toBe('PENDING');

      const list = await t.http.get(`/receipts/${created.id}/reviews`).set(admin(acme));
      expect(list.status).toBe(200);
      expectSchema('receipt-reviews', list.body);
      list.body.data.forEach(expectReviewSchema);
      expect(list.body.data.map((r: { reason: string }) => r.reason)).toEqual(['OTHER', 'DUPLICATE', 'VERIFIED', 'INSUFFICIENT_DATA']);
      expect(list.body.data[3]).toMatchObject({ isAutomated: true, reviwer: null });
    });

    it('override a default-mode receipt that has no review', async () => {
      const created = (await t.http.post('/receipts').set(await userHeaders(acme, 'user-3')).send({ useParser: true, pictureUrl: 'https://example.com/a.jpg' })).body.data;
      await t.http.post(`/receipts/${created.id}/reviews`).set(admin(acme)).send({ verdict: 'AUTHORIZE', reason: 'VERIFIED' });
      const got = await t.http.get(`/receipts/${created.id}`).set(await userHeaders(acme, 'user-3'));
      expect(got.body.data).toMatchObject({ status: 'AUTHORIZED', paramountReview: { reason: 'VERIFIED', isAutomated: false } });
    });

    it('write one RECEIPT_REVIEWED outbox event per review, automated or manual', async () => {
      const created = (await claim(acme, preparsedClaim())).body.data;
      await t.http.post(`/receipts/${created.id}/reviews`).set(admin(acme)).send({ verdict: 'REJECT', reason: 'TEST', comment: 'x' });
      const events = await t.ds.getRepository(EventEntity).find({ where: { tenantId: acme.id, subjectId: created.id }, order: { createdAt: 'ASC' } });
      expect(events.map((e) => e.type)).toEqual(['RECEIPT_REVIEWED', 'RECEIPT_REVIEWED']);
      expect(events[0].payload).toMatchObject({ receiptId: created.id, status: 'AUTHORIZED', isParamount: true, review: { reason: 'VALID_DATA', isAutomated: true }, ruleEngineResponse: {} });
      expect(events[1].payload).toMatchObject({ receiptId: created.id, status: 'REJECTED', review: { reason: 'TEST', comment: 'x', isAutomated: false } });
      expect((events[0].payload as { receipt: { productIds: string[] } }).receipt.productIds).toEqual([banana.id]);
    });

    it.each([
      [{ verdict: 'MAYBE', reason: 'OTHER' }, 'verdict'],
      [{ verdict: 'REJECT', reason: 'BECAUSE' }, 'reason'],
      [{ verdict: 'REJECT' }, 'reason'],
      [{ verdict: 'REJECT', reason: 'OTHER', comment: 5 }, 'comment'],
      [{ verdict: 'REJECT', reason: 'OTHER', isAutomated: true }, 'isAutomated'],
      [{ verdict: 'REJECT', reason: 'OTHER', reviwer: { authIdentifier: 'x' } }, 'reviwer'],
    ])('refuse %j with a 400 naming %s', async (body, path) => {
      const created = (await claim(acme, preparsedClaim())).body.data;
      const res = await t.http.post(`/receipts/${created.id}/reviews`).set(admin(acme)).send(body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toContain(path);
    });

    it('are admin only and 404 for unknown receipts and receipts of another tenant', async () => {
      const created = (await claim(acme, preparsedClaim())).body.data;
      const user = await userHeaders(acme, 'user-1');
      expectFail(await t.http.post(`/receipts/${created.id}/reviews`).set(user).send({ verdict: 'AUTHORIZE', reason: 'VERIFIED' }), 403, 'ForbiddenError');
      expectFail(await t.http.get(`/receipts/${created.id}/reviews`).set(user), 403, 'ForbiddenError');
      expectFail(await t.http.post(`/receipts/${created.id}/reviews`).set(admin(rival)).send({ verdict: 'AUTHORIZE', reason: 'VERIFIED' }), 404, 'NotFoundError');
      expectFail(await t.http.get(`/receipts/${created.id}/reviews`).set(admin(rival)), 404, 'NotFoundError');
      expectFail(await t.http.post('/receipts/00000000-0000-4000-8000-000000000000/reviews').set(admin(acme)).send({ verdict: 'AUTHORIZE', reason: 'VERIFIED' }), 404, 'NotFoundError');
      // the rival's attempt changed nothing
      expect((await t.http.get(`/receipts/${created.id}/reviews`).set(admin(acme))).body.data).toHaveLength(1);
    });
  });

  describe('rights on receipts', () => {
    let mine: string;
    beforeAll(async () => {
      mine = (await claim(acme, preparsedClaim({}, 'owner'))).body.data.id;
    });

    it('the submitting user reads their receipt; another user gets 404, as does another tenant', async () => {
      const own = await t.http.get(`/receipts/${mine}`).set(await userHeaders(acme, 'owner'));
      expect(own.status).toBe(200);
      expectSchema('receipt', own.body);
      expectFail(await t.http.get(`/receipts/${mine}`).set(await userHeaders(acme, 'intruder')), 404, 'NotFoundError');
      expectFail(await t.http.get(`/receipts/${mine}`).set(admin(rival)), 404, 'NotFoundError');
      expectFail(await t.http.get(`/receipts/${mine}`).set(await userHeaders(rival, 'owner')), 404, 'NotFoundError');
      expectFail(await t.http.get('/receipts/not-a-uuid').set(admin(acme)), 404, 'NotFoundError');
      expectFail(await t.http.get(`/receipts/${'x'.repeat(500)}`).set(admin(acme)), 404, 'NotFoundError');
    });

    it('listing is admin only; auth failures follow the SPEC table', async () => {
      expectFail(await t.http.get('/receipts').set(await userHeaders(acme, 'owner')), 403, 'ForbiddenError');
      expectFail(await t.http.get('/receipts').set('X-Api-Key', acme.apiKey), 401, 'UnauthorizedError');
      expectFail(await t.http.get('/receipts'), 403, 'InvalidApiKeyError');
      expectFail(await t.http.post('/receipts').set('X-Api-Key', acme.apiKey).send(preparsedClaim()), 401, 'UnauthorizedError');
      expectFail(await t.http.get(`/receipts/${mine}`).set('X-Api-Key', 'rk_wrong').set('Authorization', `Bearer ${acme.adminToken}`), 403, 'InvalidApiKeyError');
    });

    it("a tenant's admin token with another tenant's API key is refused", async () => {
      expectFail(await t.http.get(`/receipts/${mine}`).set('X-Api-Key', rival.apiKey).set('Authorization', `Bearer ${acme.adminToken}`), 401, 'UnauthorizedError');
    });
  });

  describe('a parser result (the port ReceiptsService.completeParsing)', () => {
    it('stores the parsed fields and reviews the receipt; a second result is ignored; a manual review stays paramount', async () => {
      const { ReceiptsService } = await import('../src/receipts/receipts.service');
      const service = t.app.get(ReceiptsService);
      const headers = await userHeaders(acme, 'parsed-user');
      let minute = 10;
      const parsed = (barcode: string) => ({
        ocrConfidence: 0.9,
        serviceDate: daysAgo(1),
        serviceTime: `09:${minute++}:00`,
        total: 5,
        subtotal: 4,
        barcode,
        locationIdentifier: null,
        locationAddress: null,
        merchantName: 'Parsed Cafe',
        language: 'en',
        formatSlug: 'parsed',
        lineItems: [{ description: 'banana', quantity: 1 }],
        confidences: { total: 0.9 },
      });

      const a = (await t.http.post('/receipts').set(headers).send({ useParser: true, pictureUrl: 'https://example.com/p.jpg' })).body.data;
      expect(await service.completeParsing(acme.id, a.id, parsed(freshBarcode()))).toBe(true);
      const got = (await t.http.get(`/receipts/${a.id}`).set(headers)).body;
      expectSchema('receipt', got);
      expect(got.data).toMatchObject({ status: 'AUTHORIZED', paramountReview: { reason: 'VALID_DATA', isAutomated: true }, total: 5, ocrConfidence: '0.9', serviceTime: '09:10:00' });
      expect(got.data.lineItems).toEqual([{ description: 'banana', quantity: 1, productId: banana.id }]);
      expect(await service.completeParsing(acme.id, a.id, parsed(freshBarcode()))).toBe(false);
      expect(await service.completeParsing(rival.id, a.id, parsed(freshBarcode()))).toBe(false);

      const b = (await t.http.post('/receipts').set(headers).send({ useParser: true, pictureUrl: 'https://example.com/p.jpg' })).body.data;
      await t.http.post(`/receipts/${b.id}/reviews`).set(admin(acme)).send({ verdict: 'REJECT', reason: 'SUSPICIOUS' });
      expect(await service.completeParsing(acme.id, b.id, parsed(freshBarcode()))).toBe(true);
      const gotB = (await t.http.get(`/receipts/${b.id}`).set(admin(acme))).body.data;
      expect(gotB).toMatchObject({ status: 'REJECTED', paramountReview: { reason: 'SUSPICIOUS', isAutomated: false }, total: 5 });
      const history = (await t.http.get(`/receipts/${b.id}/reviews`).set(admin(acme))).body.data;
      expect(history.map((r: { reason: string }) => r.reason)).toEqual(['VALID_DATA', 'SUSPICIOUS']);
    });
  });

  it('documents the receipts endpoints and both claim modes in OpenAPI', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/receipts', '/receipts/{id}', '/receipts/{id}/reviews']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DefaultClaimDto', 'PreparsedClaimDto', 'CreateReviewDto']));
    expect(doc.paths['/receipts'].post.requestBody.content['application/json'].schema.oneOf).toHaveLength(2);
  });

  it('a receipt rejected as too old never blocks a new claim of the same barcode', async () => {
    const tenant = await t.createTenant('Old dup');
    const barcode = { value: freshBarcode(), confidence: 1 };
    const old = await claim(tenant, preparsedClaim({ barcode, serviceDate: { value: daysAgo(40), confidence: 1 } }));
    expect(old.body.data.paramountReview.reason).toBe('INVALID_DATE');
    expect((await claim(tenant, preparsedClaim({ barcode }))).body.data.status).toBe('AUTHORIZED');
  });
});
