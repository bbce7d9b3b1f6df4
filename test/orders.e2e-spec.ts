import { randomUUID } from 'node:crypto';
import { EventEntity } from '../src/events/event.entity';
import { OrderEntity } from '../src/orders/order.entity';
import { OrderDedupClaimEntity, OrderIntakeEntity } from '../src/orders/order-intake.entity';
import { OrderIntakeWorker } from '../src/orders/order-intake.worker';
import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail, fieldPaths } from './support/expect';
import { expectSchema } from './support/schemas';

/** The reference's Create Order example body. */
function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceDate: '2025-01-09',
    serviceTime: '06:00:00',
    lineItems: [{ quantity: 2, description: 'Banana', identifier: 'SKU123', unit: 'Bunch', unitPrice: 1.99, totalPrice: 3.98, metadata: { key: 'value' } }],
    paymentTenders: [{ type: 'CASH', id: '8d68cb91-202a-4c62-a867-asd', value: 110.99 }],
    subtotal: 1000.99,
    total: 1234.99,
    totalTax: 20.99,
    transactionId: '012318432',
    locationIdentifier: '1235',
    locationAddress: '123 Road Street, Leeds',
    submissionPosition: { longitude: 170.9021, latitude: 80.9021 },
    metadata: { source: 'API', campaignId: 'ExampleCampaign', key: 'value' },
    ...overrides,
  };
}

function expectOrder(body: unknown): void {
  expectSchema('order', body);
}

describe('orders', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  let worker: OrderIntakeWorker;

  const as = (tenant: TestTenant, token = tenant.adminToken) => ({
    post: (url: string, body: unknown) => t.http.post(url).set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${token}`).send(body as object),
    get: (url: string) => t.http.get(url).set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${token}`),
  });
  const count = (entity: typeof OrderEntity | typeof OrderIntakeEntity | typeof EventEntity, where: Record<string, unknown> = {}) =>
    t.ds.getRepository(entity).countBy(where);

  beforeAll(async () => {
    // the intake loop is off here: each test drains deterministically with drainOnce()
    t = await createTestApp({ workersEnabled: false });
    acme = await t.createTenant('Acme Orders');
    other = await t.createTenant('Other Orders');
    worker = t.app.get(OrderIntakeWorker);
  });
  afterAll(async () => t.close());

  describe('POST /orders', () => {
    it('creates an AUTHORIZED ORDER with matched products, stores the engine response and publishes ORDER_PLACED', async () => {
      const product = await as(acme).post('/products', { name: 'Banana', identifiers: ['SKU123'], aliases: [] });
      expect(product.status).toBe(201);
      const body = orderBody({ submitter: { authIdentifier: 'shopper-1' }, transactionId: `tx-${randomUUID()}` });
      expectSchema('order-request', body);
      const res = await as(acme).post('/orders', body);
      expect(res.status).toBe(201);
      expectOrder(res.body);
      expect(res.body.data).toMatchObject({
        type: 'ORDER',
        status: 'AUTHORIZED',
        serviceDate: '2025-01-09',
        serviceTime: '06:00:00',
        total: 1234.99,
        transactionId: body.transactionId,
        submitter: { authIdentifier: 'shopper-1' },
        submissionPosition: { longitude: 170.9021, latitude: 80.9021 },
        metadata: { source: 'API', campaignId: 'ExampleCampaign', key: 'value' },
        paymentTenders: [{ type: 'CASH', id: '8d68cb91-202a-4c62-a867-asd', value: 110.99 }],
        ruleEngineResponse: {},
      });
      expect(res.body.data.lineItems[0]).toEqual({ ...(body.lineItems as object[])[0], productId: product.body.data.id });

      const events = await t.ds.getRepository(EventEntity).findBy({ subjectId: res.body.data.id });
      expect(events.map((e) => e.type)).toEqual(['ORDER_PLACED']);
      expect(events[0].payload).toMatchObject({ order: { id: res.body.data.id, lineItems: [{ productId: product.body.data.id }] } });

      const fetched = await as(acme).get(`/orders/${res.body.data.id}`);
      expect(fetched.status).toBe(200);
      expectOrder(fetched.body);
      expect(fetched.body.data).toEqual(res.body.data);
    });

    it('evaluates the order with the active ORDER rule set and stores what it said', async () => {
      const rules = await as(other).post('/transactions-rule-engine/rule-sets', {
        name: 'big orders',
        isActive: true,
        transactionTypes: ['ORDER'],
        ruleDefinitions: [
          {
            name: 'big',
            type: 'CUSTOM',
            priority: 1,
            ruleProperties: { priority: 1, event: { type: 'big' }, conditions: { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThan', value: 100 }] } },
            resultParams: { success: [{ key: 'big', value: true }], failure: [{ key: 'big', value: false }] },
          },
        ],
      });
      expect(rules.status).toBe(201);
      const res = await as(other).post('/orders', orderBody({ submitter: { authIdentifier: 'u' }, transactionId: `tx-${randomUUID()}` }));
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ ruleSetId: rules.body.data.id, ruleEngineResponse: { big: true } });
      const small = await as(other).post('/orders', orderBody({ submitter: { authIdentifier: 'u' }, transactionId: `tx-${randomUUID()}`, total: 5 }));
      expect(small.body.data.ruleEngineResponse).toEqual({ big: false });
    });

    it('replays the same submitter + transactionId with 200 and the FIRST order, creating nothing', async () => {
      const transactionId = `tx-${randomUUID()}`;
      const first = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'shopper-2' }, transactionId }));
      expect(first.status).toBe(201);
      const [orders, events] = [await count(OrderEntity), await count(EventEntity)];

      const again = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'shopper-2' }, transactionId, total: 1 }));
      expect(again.status).toBe(200);
      expectOrder(again.body);
      expect(again.body.data).toEqual(first.body.data);
      expect(await count(OrderEntity)).toBe(orders);
      expect(await count(EventEntity)).toBe(events);

      // the user themselves, with their own token, is the same submitter
      const userToken = await acme.userToken('shopper-2');
      const mine = await as(acme, userToken).post('/orders', orderBody({ transactionId }));
      expect(mine.status).toBe(200);
      expect(mine.body.data.id).toBe(first.body.data.id);
      expect(mine.body.data.ruleEngineResponse).toBeUndefined(); // engine internals are for admins
    });

    it('keeps another submitter, another tenant and an order without transactionId independent', async () => {
      const transactionId = `tx-${randomUUID()}`;
      const a = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'p' }, transactionId }));
      const b = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'q' }, transactionId }));
      const c = await as(other).post('/orders', orderBody({ submitter: { authIdentifier: 'p' }, transactionId }));
      const d1 = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'p' }, transactionId: undefined }));
      const d2 = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'p' }, transactionId: undefined }));
      expect([a, b, c, d1, d2].map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set([a, b, c, d1, d2].map((r) => r.body.data.id)).size).toBe(5);
    });

    it('lets concurrent identical sync requests create one order; the others get it with 200', async () => {
      const transactionId = `tx-${randomUUID()}`;
      const responses = await Promise.all(Array.from({ length: 16 }, () => as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'racer' }, transactionId }))));
      expect(responses.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array(15).fill(200), 201]);
      expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(1);
      expect(await count(OrderEntity, { transactionId })).toBe(1);
    });

    it('needs submitter from an admin, and lets a user place orders only as themselves', async () => {
      const missing = await as(acme).post('/orders', orderBody());
      expectFail(missing, 400, 'BadRequestError');
      expect(fieldPaths(missing)).toEqual(['submitter']);

      const userToken = await acme.userToken('shopper-3');
      const forOther = await as(acme, userToken).post('/orders', orderBody({ submitter: { authIdentifier: 'someone-else' } }));
      expectFail(forOther, 403, 'ForbiddenError');
      const own = await as(acme, userToken).post('/orders', orderBody({ submitter: { authIdentifier: 'shopper-3' }, transactionId: `tx-${randomUUID()}` }));
      expect(own.status).toBe(201);
      expect(own.body.data.submitter).toEqual({ authIdentifier: 'shopper-3' });

      expectFail(await t.http.post('/orders').set('X-Api-Key', acme.apiKey).send(orderBody()), 401, 'UnauthorizedError');
      expectFail(await t.http.post('/orders/asyncly').set('X-Api-Key', 'rk_wrong').send(orderBody()), 403, 'InvalidApiKeyError');
    });

    it.each([
      ['missing lineItems', orderBody({ submitter: { authIdentifier: 'v' }, lineItems: undefined }), ['lineItems']],
      ['missing serviceDate and serviceTime', orderBody({ submitter: { authIdentifier: 'v' }, serviceDate: undefined, serviceTime: undefined }), ['serviceDate', 'serviceTime']],
      ['an impossible date', orderBody({ submitter: { authIdentifier: 'v' }, serviceDate: '2025-02-30' }), ['serviceDate']],
      ['a line item without quantity', orderBody({ submitter: { authIdentifier: 'v' }, lineItems: [{ description: 'x' }] }), ['lineItems[0].quantity']],
      ['an unknown property', orderBody({ submitter: { authIdentifier: 'v' }, status: 'REJECTED' }), ['status']],
      ['an unknown line item property', orderBody({ submitter: { authIdentifier: 'v' }, lineItems: [{ quantity: 1, description: 'x', productId: 'forged' }] }), ['lineItems[0].productId']],
      ['metadata without source', orderBody({ submitter: { authIdentifier: 'v' }, metadata: { key: 'value' } }), ['metadata']],
      ['nested metadata', orderBody({ submitter: { authIdentifier: 'v' }, metadata: { source: 'API', deep: { a: 1 } } }), ['metadata']],
      ['a string total', orderBody({ submitter: { authIdentifier: 'v' }, total: '12.50' }), ['total']],
      ['a half position', orderBody({ submitter: { authIdentifier: 'v' }, submissionPosition: { latitude: 91 } }), ['submissionPosition.latitude', 'submissionPosition.longitude']],
      ['more than 1000 line items', orderBody({ submitter: { authIdentifier: 'v' }, lineItems: Array(1001).fill({ quantity: 1, description: 'x' }) }), ['lineItems']],
    ])('refuses %s with 400 and field errors, on both endpoints, storing nothing', async (_name, body, paths) => {
      const before = [await count(OrderEntity), await count(OrderIntakeEntity), await t.ds.getRepository(OrderDedupClaimEntity).count()];
      for (const url of ['/orders', '/orders/asyncly']) {
        const res = await as(acme).post(url, body);
        expectFail(res, 400, 'BadRequestError');
        expect(fieldPaths(res)).toEqual(expect.arrayContaining(paths as string[]));
      }
      expect([await count(OrderEntity), await count(OrderIntakeEntity), await t.ds.getRepository(OrderDedupClaimEntity).count()]).toEqual(before);
    });
  });

  describe('POST /orders/asyncly', () => {
    it('answers 202 Success:Accepted once the request is durably recorded, and the worker makes the order', async () => {
      const transactionId = `tx-${randomUUID()}`;
      const res = await as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'async-1' }, transactionId }));
      expect(res.status).toBe(202);
      expectSchema('order-accepted', res.body);
      expect(res.body).toEqual({ status: 'success', data: 'Success:Accepted' });
      expect(await count(OrderIntakeEntity, { transactionId })).toBe(1);
      expect(await count(OrderEntity, { transactionId })).toBe(0);

      expect(await worker.drainOnce()).toBeGreaterThanOrEqual(1);
      const orders = await t.ds.getRepository(OrderEntity).findBy({ transactionId });
      expect(orders).toHaveLength(1);
      expect(await count(OrderIntakeEntity, { transactionId })).toBe(0);
      expect(await count(EventEntity, { subjectId: orders[0].id, type: 'ORDER_PLACED' })).toBe(1);
      const fetched = await as(acme).get(`/orders/${orders[0].id}`);
      expectOrder(fetched.body);
      expect(fetched.body.data).toMatchObject({ transactionId, submitter: { authIdentifier: 'async-1' }, status: 'AUTHORIZED' });
    });

    it('turns 64 concurrent identical posts into exactly one order', async () => {
      const transactionId = `tx-${randomUUID()}`;
      const body = orderBody({ submitter: { authIdentifier: 'burst' }, transactionId });
      const responses = await Promise.all(Array.from({ length: 64 }, () => as(acme).post('/orders/asyncly', body)));
      expect(responses.every((r) => r.status === 202)).toBe(true);
      expect(await count(OrderIntakeEntity, { transactionId })).toBe(1);
      await worker.drainOnce();
      expect(await count(OrderEntity, { transactionId })).toBe(1);
      // and later duplicates inside the window are dropped too
      expect((await as(acme).post('/orders/asyncly', body)).status).toBe(202);
      await worker.drainOnce();
      expect(await count(OrderEntity, { transactionId })).toBe(1);
    });

    it('keeps submitters and tenants independent under a concurrent burst', async () => {
      const transactionId = `tx-${randomUUID()}`;
      const posts = [];
      for (let i = 0; i < 12; i++) {
        posts.push(as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'alice' }, transactionId })));
        posts.push(as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'bob' }, transactionId })));
        posts.push(as(other).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'alice' }, transactionId })));
      }
      expect((await Promise.all(posts)).every((r) => r.status === 202)).toBe(true);
      await worker.drainOnce();
      const orders = await t.ds.getRepository(OrderEntity).findBy({ transactionId });
      expect(orders.map((o) => `${o.tenantId === acme.id ? 'acme' : 'other'}:${o.submitterAuthIdentifier}`).sort()).toEqual(['acme:alice', 'acme:bob', 'other:alice']);
    });

    it('shares the window with POST /orders both ways: a sync replay of a still-queued order gets that order', async () => {
      const transactionId = `tx-${randomUUID()}`;
      expect((await as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'mixed' }, transactionId }))).status).toBe(202);
      // not drained yet: the sync replay processes the queued first order itself and returns it
      const sync = await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'mixed' }, transactionId }));
      expect(sync.status).toBe(200);
      expectOrder(sync.body);
      expect(await count(OrderEntity, { transactionId })).toBe(1);
      expect(await count(OrderIntakeEntity, { transactionId })).toBe(0);
      expect(sync.body.data.id).toBe((await t.ds.getRepository(OrderEntity).findOneByOrFail({ transactionId })).id);

      const synced = `tx-${randomUUID()}`;
      expect((await as(acme).post('/orders', orderBody({ submitter: { authIdentifier: 'mixed' }, transactionId: synced }))).status).toBe(201);
      expect((await as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'mixed' }, transactionId: synced }))).status).toBe(202);
      await worker.drainOnce();
      expect(await count(OrderEntity, { transactionId: synced })).toBe(1);
    });

    it('answers 503, never 202, when the request cannot be recorded, and stores nothing', async () => {
      const transactionId = `tx-${randomUUID()}`;
      await t.ds.query('ALTER TABLE order_intake RENAME TO order_intake_away');
      try {
        const res = await as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'down' }, transactionId }));
        expectFail(res, 503, 'ServiceUnavailableError');
      } finally {
        await t.ds.query('ALTER TABLE order_intake_away RENAME TO order_intake');
      }
      // the claim was rolled back with the failed write: a retry is accepted and becomes the order
      expect(await t.ds.getRepository(OrderDedupClaimEntity).countBy({ transactionId })).toBe(0);
      expect((await as(acme).post('/orders/asyncly', orderBody({ submitter: { authIdentifier: 'down' }, transactionId }))).status).toBe(202);
      await worker.drainOnce();
      expect(await count(OrderEntity, { transactionId })).toBe(1);
    });
  });

  describe('GET /orders', () => {
    let ids: string[];
    let productId: string;
    let lister: TestTenant;

    beforeAll(async () => {
      lister = await t.createTenant('Lister');
      productId = (await as(lister).post('/products', { name: 'Cola', identifiers: ['COLA-1'], aliases: ['coke'] })).body.data.id;
      ids = [];
      for (const [i, total] of [10, 50, 150, 50].entries()) {
        const res = await as(lister).post(
          '/orders',
          orderBody({
            submitter: { authIdentifier: i % 2 ? 'odd' : 'even' },
            transactionId: `list-${i}`,
            total,
            serviceDate: `2025-01-0${i + 1}`,
            lineItems: i === 2 ? [{ quantity: 1, description: ' COKE ' }] : [{ quantity: 1, description: 'Water' }],
          }),
        );
        expect(res.status).toBe(201);
        ids.push(res.body.data.id);
      }
    });

    const list = (query: string) => as(lister).get(`/orders${query}`);

    it('lists newest first with the reference schema, pages without overlap', async () => {
      const res = await list('');
      expect(res.status).toBe(200);
      expectSchema('order-list', res.body);
      for (const item of res.body.data) expectOrder({ status: 'success', data: item });
      expect(res.body.data.map((o: { id: string }) => o.id)).toEqual([...ids].reverse());
      const page1 = await list('?limit=2&sort=total&order=ASC');
      const page2 = await list('?limit=2&skip=2&sort=total&order=ASC');
      expect([...page1.body.data, ...page2.body.data].map((o: { total: number }) => o.total)).toEqual([10, 50, 50, 150]);
      expect(new Set([...page1.body.data, ...page2.body.data].map((o: { id: string }) => o.id)).size).toBe(4);
    });

    it.each([
      ['total:(gt:20,lt:100)', [1, 3]],
      ["submitter:(eq:'odd')", [1, 3]],
      ["serviceDate:(in:!('2025-01-01','2025-01-03'))", [0, 2]],
      ["transactionId:(like:'%-2')", [2]],
      ['status:(eq:AUTHORIZED),type:(eq:ORDER),source:(eq:API)', [0, 1, 2, 3]],
    ])('filters %s', async (filter, expected) => {
      const res = await list(`?sort=createdAt&order=ASC&filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      expect(res.body.data.map((o: { id: string }) => o.id)).toEqual((expected as number[]).map((i) => ids[i]));
    });

    it('filters on matched products with has', async () => {
      const res = await list(`?filter=${encodeURIComponent(`productIds:(has:'${productId}')`)}`);
      expect(res.body.data.map((o: { id: string }) => o.id)).toEqual([ids[2]]);
    });

    it.each([
      ['?filter=bogus:(eq:1)', 'filter'],
      ['?filter=total:(like:1)', 'filter'],
      ['?sort=submitter', 'sort'],
      ['?limit=101', 'limit'],
      ["?filter=createdAt:(gt:'yesterday')", 'filter'],
    ])('refuses %s with 400', async (query, path) => {
      const res = await list(query);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual([path]);
    });

    it('is for admins; a user reads only their own order by id; another tenant gets 404', async () => {
      const user = await lister.userToken('odd');
      expectFail(await as(lister, user).get('/orders'), 403, 'ForbiddenError');
      expect((await as(lister, user).get(`/orders/${ids[1]}`)).status).toBe(200);
      expectFail(await as(lister, user).get(`/orders/${ids[0]}`), 404, 'NotFoundError');
      expectFail(await as(acme).get(`/orders/${ids[0]}`), 404, 'NotFoundError');
      expect((await as(acme).get('/orders?limit=100')).body.data.map((o: { id: string }) => o.id)).not.toContain(ids[0]);
      expectFail(await as(lister).get('/orders/not-a-uuid'), 404, 'NotFoundError');
    });
  });
});

describe('orders: the dedup window expiring', () => {
  let t: TestApp;
  let acme: TestTenant;
  beforeAll(async () => {
    t = await createTestApp({ orderDedupWindowSeconds: 1, workersEnabled: false });
    acme = await t.createTenant('Window');
  });
  afterAll(async () => t.close());

  it('allows a new order for the same submitter + transactionId once the window has passed, on both endpoints', async () => {
    const post = (url: string) =>
      t.http.post(url).set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${acme.adminToken}`).send(orderBody({ submitter: { authIdentifier: 'w' }, transactionId: 'same' }));
    const first = await post('/orders');
    expect(first.status).toBe(201);
    expect((await post('/orders')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await post('/orders');
    expect(second.status).toBe(201);
    expect(second.body.data.id).not.toBe(first.body.data.id);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await post('/orders/asyncly')).status).toBe(202);
    expect((await post('/orders/asyncly')).status).toBe(202);
    await t.app.get(OrderIntakeWorker).drainOnce();
    expect(await t.ds.getRepository(OrderEntity).countBy({ transactionId: 'same' })).toBe(3);
  });
});

describe('orders: the rule engine failing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ workersEnabled: false });
  });
  afterAll(async () => t.close());

  it('still places the order (AUTHORIZED) and records the engine error on it, never a 500', async () => {
    const acme = await t.createTenant('Throws');
    const { RuleSetRunner } = await import('../src/rule-sets/rule-set-runner');
    const { RuleEngineRunError } = await import('../src/rule-engine');
    const runner = t.app.get(RuleSetRunner);
    const spy = jest.spyOn(runner, 'evaluateSelected').mockRejectedValue(new RuleEngineRunError('operator exploded'));
    try {
      const res = await t.http
        .post('/orders')
        .set('X-Api-Key', acme.apiKey)
        .set('Authorization', `Bearer ${acme.adminToken}`)
        .send(orderBody({ submitter: { authIdentifier: 'x' } }));
      expect(res.status).toBe(201);
      expectSchema('order', res.body);
      expect(res.body.data.status).toBe('AUTHORIZED');
      expect(res.body.data.ruleEngineResponse).toEqual({ ruleEngineError: { reason: 'RULE_ENGINE_THREW_ERROR', message: 'The rule engine failed: operator exploded' } });
    } finally {
      spy.mockRestore();
    }
  });
});
