import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { EventDeliveryEntity } from '../src/events/event.entity';
import { DeliveryWorker } from '../src/events/delivery-worker';
import { verifyWebhookSignature } from '../src/events/webhook-signature';
import { WebhookSubscriptionEntity } from '../src/webhooks/webhook-subscription.entity';
import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail, fieldPaths } from './support/expect';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver; `respond` decides each answer's status (default 200). */
async function startReceiver() {
  const requests: Received[] = [];
  let respond: (n: number) => number = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(respond(requests.length)).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    setResponder(fn: (n: number) => number) {
      respond = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const SECRET = 'whsec_0123456789abcdef';

function order(submitter: string) {
  return {
    submitter: { authIdentifier: submitter },
    serviceDate: '2025-01-09',
    serviceTime: '06:00:00',
    lineItems: [{ quantity: 1, description: 'Banana' }],
    total: 3.5,
    transactionId: `tx-${randomUUID()}`,
  };
}

describe('webhooks and events', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const as = (tenant: TestTenant, token = tenant.adminToken) => {
    const auth = <R extends { set(k: string, v: string): R }>(r: R) => r.set('X-Api-Key', tenant.apiKey).set('Authorization', `Bearer ${token}`);
    return {
      post: (url: string, body: unknown) => auth(t.http.post(url)).send(body as object),
      patch: (url: string, body: unknown) => auth(t.http.patch(url)).send(body as object),
      get: (url: string) => auth(t.http.get(url)),
      delete: (url: string) => auth(t.http.delete(url)),
    };
  };
  const events = async (tenant: TestTenant, filter: string) => {
    const res = await as(tenant).get(`/events?limit=100&filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    return res.body.data as Array<{ id: string; type: string; subjectId: string; deliveryState: string; deliveries: Array<Record<string, unknown>> }>;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    // the real loops run, fast, with a short and bounded backoff
    t = await createTestApp({ webhookWorkerPollMs: 50, orderWorkerPollMs: 50, webhookBackoffBaseMs: 50, webhookBackoffMaxMs: 200, webhookMaxAttempts: 3 });
    acme = await t.createTenant('Hooked');
    other = await t.createTenant('Elsewhere');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  describe('/webhooks CRUD', () => {
    it('creates, lists, reads, updates and deletes; the secret is write-only', async () => {
      const created = await as(acme).post('/webhooks', { url: 'https://hooks.example.com/a', eventTypes: ['ORDER_PLACED'], secret: SECRET });
      expect(created.status).toBe(201);
      expect(created.body.data).toEqual({ id: expect.any(String), url: 'https://hooks.example.com/a', eventTypes: ['ORDER_PLACED'], createdAt: expect.any(String), updatedAt: expect.any(String) });
      const id = created.body.data.id;
      const patched = await as(acme).patch(`/webhooks/${id}`, { eventTypes: ['ORDER_PLACED', 'RECEIPT_REVIEWED'], secret: `${SECRET}-rotated` });
      expect(patched.status).toBe(200);
      expect(patched.body.data.eventTypes).toEqual(['ORDER_PLACED', 'RECEIPT_REVIEWED']);
      const list = await as(acme).get('/webhooks');
      expect(list.body.data.map((w: { id: string }) => w.id)).toEqual([id]);
      expect((await as(acme).get(`/webhooks/${id}`)).body.data.url).toBe('https://hooks.example.com/a');
      for (const res of [created, patched, list]) expect(JSON.stringify(res.body)).not.toContain(SECRET);

      expect((await as(acme).delete(`/webhooks/${id}`)).status).toBe(204);
      expectFail(await as(acme).get(`/webhooks/${id}`), 404, 'NotFoundError');
    });

    it.each([
      [{ url: 'ftp://example.com/x', eventTypes: ['ORDER_PLACED'], secret: SECRET }, ['url']],
      [{ url: 'https://example.com/x', eventTypes: ['ORDER_SHIPPED'], secret: SECRET }, ['eventTypes']],
      [{ url: 'https://example.com/x', eventTypes: [], secret: SECRET }, ['eventTypes']],
      [{ url: 'https://example.com/x', eventTypes: ['ORDER_PLACED'], secret: 'short' }, ['secret']],
      [{ url: 'https://example.com/x', eventTypes: ['ORDER_PLACED'] }, ['secret']],
      [{ url: 'https://example.com/x', eventTypes: ['ORDER_PLACED'], secret: SECRET, active: true }, ['active']],
    ])('refuses %j with 400 and field errors', async (body, paths) => {
      const res = await as(acme).post('/webhooks', body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(expect.arrayContaining(paths));
    });

    it("keeps tenants apart (404 on another tenant's webhook) and is admin-only", async () => {
      const id = (await as(acme).post('/webhooks', { url: 'https://hooks.example.com/b', eventTypes: ['ORDER_PLACED'], secret: SECRET })).body.data.id;
      expectFail(await as(other).get(`/webhooks/${id}`), 404, 'NotFoundError');
      expectFail(await as(other).patch(`/webhooks/${id}`, { url: 'https://evil.example.com/' }), 404, 'NotFoundError');
      expectFail(await as(other).delete(`/webhooks/${id}`), 404, 'NotFoundError');
      expect((await as(other).get('/webhooks')).body.data).toEqual([]);
      expectFail(await as(acme, await acme.userToken('u1')).get('/webhooks'), 403, 'ForbiddenError');
      expect((await as(acme).delete(`/webhooks/${id}`)).status).toBe(204);
    });
  });

  describe('delivery', () => {
    let webhookId: string;
    beforeAll(async () => {
      webhookId = (await as(acme).post('/webhooks', { url: receiver.url, eventTypes: ['ORDER_PLACED'], secret: SECRET })).body.data.id;
    });
    beforeEach(() => {
      receiver.requests.length = 0;
      receiver.setResponder(() => 200);
    });

    it('posts ORDER_PLACED signed with the secret, with the event id in the body and X-Event-Id', async () => {
      const placed = await as(acme).post('/orders', order('hook-1'));
      expect(placed.status).toBe(201);
      const got = await waitFor(async () => receiver.requests[0], 'the webhook');
      expect(got.headers['content-type']).toBe('application/json');
      expect(verifyWebhookSignature(SECRET, got.body, String(got.headers['x-signature']), { toleranceSeconds: 300 })).toBe(true);
      expect(verifyWebhookSignature('another-secret-entirely', got.body, String(got.headers['x-signature']))).toBe(false);
      const body = JSON.parse(got.body);
      expect(body).toMatchObject({ type: 'ORDER_PLACED', subjectId: placed.body.data.id, data: { order: { id: placed.body.data.id, status: 'AUTHORIZED' } } });
      expect(got.headers['x-event-id']).toBe(body.id);
      expect(got.headers['x-event-type']).toBe('ORDER_PLACED');

      const [event] = await waitFor(async () => {
        const list = await events(acme, `subjectId:(eq:'${placed.body.data.id}')`);
        return list[0]?.deliveryState === 'DELIVERED' && list;
      }, 'DELIVERED');
      expect(event).toMatchObject({ id: body.id, type: 'ORDER_PLACED', deliveryState: 'DELIVERED' });
      expect(event.deliveries).toEqual([
        expect.objectContaining({ webhookId, state: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: expect.any(String) }),
      ]);
    });

    it('retries a failing receiver with backoff until it recovers (same event id every time)', async () => {
      receiver.setResponder((n) => (n <= 2 ? 503 : 200));
      const placed = await as(acme).post('/orders', order('hook-2'));
      await waitFor(async () => receiver.requests.length >= 3, 'three attempts');
      const ids = receiver.requests.map((r) => r.headers['x-event-id']);
      expect(new Set(ids).size).toBe(1);
      expect(receiver.requests.map((r) => r.headers['x-delivery-attempt'])).toEqual(['1', '2', '3']);
      const [event] = await waitFor(async () => {
        const list = await events(acme, `subjectId:(eq:'${placed.body.data.id}')`);
        return list[0]?.deliveryState === 'DELIVERED' && list;
      }, 'DELIVERED after retries');
      expect(event.deliveries[0]).toMatchObject({ state: 'DELIVERED', attempts: 3, lastStatusCode: 200 });
    });

    it('marks a delivery DEAD after the bounded number of attempts, and GET /events can find it', async () => {
      receiver.setResponder(() => 500);
      const placed = await as(acme).post('/orders', order('hook-3'));
      const [event] = await waitFor(async () => {
        const list = await events(acme, `subjectId:(eq:'${placed.body.data.id}')`);
        return list[0]?.deliveryState === 'DEAD' && list;
      }, 'DEAD');
      expect(event.deliveries[0]).toMatchObject({ state: 'DEAD', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null });
      expect(receiver.requests).toHaveLength(3);
      const dead = await events(acme, 'deliveryState:(has:DEAD)');
      expect(dead.map((e) => e.id)).toContain(event.id);
      expect((await events(acme, 'deliveryState:(has:DELIVERED)')).map((e) => e.id)).not.toContain(event.id);
    });

    it('sends nothing for a type the webhook did not subscribe to, nor to another tenant', async () => {
      expect((await as(other).post('/webhooks', { url: receiver.url, eventTypes: ['RECEIPT_REVIEWED'], secret: SECRET })).status).toBe(201);
      const placed = await as(other).post('/orders', order('hook-4'));
      expect(placed.status).toBe(201);
      await t.app.get(DeliveryWorker).drainOnce();
      const [event] = await events(other, `subjectId:(eq:'${placed.body.data.id}')`);
      expect(event).toMatchObject({ type: 'ORDER_PLACED', deliveryState: 'NONE', deliveries: [] });
      expect(receiver.requests).toHaveLength(0);
      // and no tenant sees another's events
      expect(await events(acme, `subjectId:(eq:'${placed.body.data.id}')`)).toEqual([]);
    });

    it('ends pending deliveries as DEAD when their webhook is deleted', async () => {
      const worker = t.app.get(DeliveryWorker);
      const doomed = (await as(acme).post('/webhooks', { url: `${receiver.url}?doomed`, eventTypes: ['ORDER_PLACED'], secret: SECRET })).body.data.id;
      receiver.setResponder(() => 500);
      const placed = await as(acme).post('/orders', order('hook-5'));
      expect((await as(acme).delete(`/webhooks/${doomed}`)).status).toBe(204);
      await worker.drainOnce();
      const [event] = await events(acme, `subjectId:(eq:'${placed.body.data.id}')`);
      const deliveries = await t.ds.getRepository(EventDeliveryEntity).findBy({ eventId: event.id, webhookId: doomed });
      expect(deliveries).toEqual([expect.objectContaining({ state: 'DEAD' })]);
      expect(['webhook deleted', 'HTTP 500']).toContain(deliveries[0].lastError);
    });
  });

  describe('GET /events', () => {
    it('filters on type, createdAt and subjectId, pages newest first, and refuses bad filters', async () => {
      const first = await as(other).post('/orders', order('ev-1'));
      const second = await as(other).post('/orders', order('ev-2'));
      const all = await events(other, 'type:(eq:ORDER_PLACED)');
      const ids = all.map((e) => e.subjectId);
      expect(ids.indexOf(second.body.data.id)).toBeLessThan(ids.indexOf(first.body.data.id));
      const since = new Date(Date.parse(second.body.data.createdAt) - 1).toISOString();
      expect((await events(other, `createdAt:(gt:'${since}')`)).map((e) => e.subjectId)).toEqual([second.body.data.id]);
      expect(await events(other, 'type:(eq:RECEIPT_REVIEWED)')).toEqual([]);
      const page = await as(other).get('/events?limit=1&order=ASC');
      expect(page.body.data).toHaveLength(1);

      for (const bad of ['type:(eq:ORDER_SHIPPED)', 'payload:(eq:1)', "subjectId:(eq:'nope')"]) {
        const res = await as(other).get(`/events?filter=${encodeURIComponent(bad)}`);
        expectFail(res, 400, 'BadRequestError');
        expect(fieldPaths(res)).toEqual(['filter']);
      }
      expectFail(await as(other, await other.userToken('u')).get('/events'), 403, 'ForbiddenError');
    });
  });
});

describe('webhooks with private network targets not allowed', () => {
  let t: TestApp;
  let acme: TestTenant;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp({ allowPrivateNetworkTargets: false, workersEnabled: false, webhookMaxAttempts: 2, webhookBackoffBaseMs: 10, webhookBackoffMaxMs: 10 });
    acme = await t.createTenant('Careful');
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const create = (url: string) =>
    t.http.post('/webhooks').set('X-Api-Key', acme.apiKey).set('Authorization', `Bearer ${acme.adminToken}`).send({ url, eventTypes: ['ORDER_PLACED'], secret: SECRET });

  it.each(['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.0.0.8/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://0x7f.1/hook'])(
    'refuses %s when it is saved',
    async (url) => {
      const res = await create(url);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['url']);
    },
  );

  it('accepts a public URL', async () => {
    expect((await create('https://hooks.example.com/ok')).status).toBe(201);
  });

  it('re-checks at delivery: a private target that got in anyway is refused by the outbound client, never contacted', async () => {
    // as if DNS had pointed a saved name at a private address: the row is written directly
    const now = new Date();
    await t.ds.getRepository(WebhookSubscriptionEntity).insert({
      id: randomUUID(),
      tenantId: acme.id,
      url: receiver.url,
      eventTypes: ['ORDER_PLACED'],
      secret: SECRET,
      createdAt: now,
      updatedAt: now,
    });
    const placed = await t.http
      .post('/orders')
      .set('X-Api-Key', acme.apiKey)
      .set('Authorization', `Bearer ${acme.adminToken}`)
      .send(order('private'));
    expect(placed.status).toBe(201);
    const worker = t.app.get(DeliveryWorker);
    await worker.drainOnce();
    await new Promise((r) => setTimeout(r, 30));
    await worker.drainOnce();
    const res = await t.http
      .get(`/events?filter=${encodeURIComponent(`subjectId:(eq:'${placed.body.data.id}')`)}`)
      .set('X-Api-Key', acme.apiKey)
      .set('Authorization', `Bearer ${acme.adminToken}`);
    const local = res.body.data[0].deliveries.find((d: { lastError: string | null }) => /loopback/.test(String(d.lastError)));
    expect(local).toMatchObject({ state: 'DEAD', attempts: 2, lastStatusCode: null });
    expect(receiver.requests).toHaveLength(0);
  });
});
