import { randomUUID } from 'node:crypto';
import { EventEntity } from '../src/events/event.entity';
import { OrderEntity } from '../src/orders/order.entity';
import { OrderIntakeEntity } from '../src/orders/order-intake.entity';
import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { ServerProcess, startServer } from './support/server-process';

/**
 * The real server as child processes on the test database: killed with SIGKILL, restarted, and run as
 * two instances at once. The in-test app only provisions tenants and reads the database (its workers
 * are off, so every order here is made by a child).
 */

function orderBody(submitter: string, transactionId: string) {
  return {
    submitter: { authIdentifier: submitter },
    serviceDate: '2025-01-09',
    serviceTime: '06:00:00',
    lineItems: [{ quantity: 1, description: 'Banana', unitPrice: 1.5 }],
    total: 1.5,
    transactionId,
  };
}

interface Post {
  url: string;
  body: unknown;
}

/** Sends every post with at most `concurrency` in flight; returns the statuses and bodies in order. */
async function sendAll(posts: Post[], tenant: TestTenant, concurrency: number): Promise<Array<{ status: number; body: { data?: { id?: string } } }>> {
  const results: Array<{ status: number; body: { data?: { id?: string } } }> = new Array(posts.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < posts.length; i = next++) {
        const res = await fetch(posts[i].url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Api-Key': tenant.apiKey, Authorization: `Bearer ${tenant.adminToken}` },
          body: JSON.stringify(posts[i].body),
        });
        results[i] = { status: res.status, body: (await res.json()) as { data?: { id?: string } } };
      }
    }),
  );
  return results;
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('orders: crash safety and several instances (real server processes)', () => {
  let t: TestApp;
  const servers: ServerProcess[] = [];

  const start = async (extra: Record<string, string> = {}) => {
    const server = await startServer({
      ...t.db.env,
      ALLOW_PRIVATE_NETWORK_TARGETS: 'true',
      // a crashed process's leased rows come back after this; short so the test does not wait long
      ORDER_INTAKE_LEASE_SECONDS: '2',
      ORDER_WORKER_POLL_MS: '100',
      ...extra,
    });
    servers.push(server);
    return server;
  };
  const ordersOf = (tenant: TestTenant) => t.ds.getRepository(OrderEntity).findBy({ tenantId: tenant.id });
  const queued = () => t.ds.getRepository(OrderIntakeEntity).count();

  /** Every transactionId of `expected` has exactly one order, and there are no others. */
  async function expectExactlyOnce(tenant: TestTenant, expected: string[]): Promise<void> {
    const orders = await ordersOf(tenant);
    const byTx = new Map<string, number>();
    for (const o of orders) byTx.set(o.transactionId!, (byTx.get(o.transactionId!) ?? 0) + 1);
    expect([...byTx.keys()].sort()).toEqual([...expected].sort());
    expect([...byTx.values()].every((n) => n === 1)).toBe(true);
    const events = await t.ds.getRepository(EventEntity).countBy({ tenantId: tenant.id, type: 'ORDER_PLACED' });
    expect(events).toBe(expected.length);
  }

  beforeAll(async () => {
    t = await createTestApp({ workersEnabled: false });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill('SIGKILL')));
    await t.close();
  });

  it('finds every accepted order exactly once after a SIGKILL right after the 202s and another in the middle of processing', async () => {
    const tenant = await t.createTenant('Crash');
    const unique = Array.from({ length: 150 }, (_, i) => `crash-${i}-${randomUUID().slice(0, 8)}`);
    // 150 orders plus 50 duplicates mixed in
    const ids = [...unique, ...unique.slice(0, 50)].sort(() => Math.random() - 0.5);

    // an accepting instance (its worker off, so everything it accepted is still queued) dies at once
    const first = await start({ WORKERS_ENABLED: 'false' });
    const posts = ids.map((tx) => ({ url: `${first.url}/orders/asyncly`, body: orderBody('crash-user', tx) }));
    const replies = await sendAll(posts, tenant, 24);
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(replies.every((r) => r.status === 202)).toBe(true);
    expect(await queued()).toBe(150);
    expect(await ordersOf(tenant)).toHaveLength(0);

    // the next instance is killed as soon as its worker has visibly started: rows it had leased are
    // held by a dead process until the lease runs out
    const second = await start();
    await waitFor(async () => (await ordersOf(tenant)).length > 0 || (await queued()) === 0, 'progress', 30000);
    await second.kill('SIGKILL');
    expect((await ordersOf(tenant)).length + (await queued())).toBe(150);

    const third = await start();
    await waitFor(async () => (await queued()) === 0, 'the intake to drain', 30000);
    await expectExactlyOnce(tenant, unique);

    // a clean stop: SIGTERM closes the workers and the database and the process exits promptly
    const startedStop = Date.now();
    const stopped = await third.kill('SIGTERM');
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    expect(Date.now() - startedStop).toBeLessThan(10000);
  }, 120000);

  // On SQLite the two processes meet in the file lock (WAL, 5 s busy timeout); every write transaction
  // here starts with its write (the claim, the intake row, the intake delete), so none has to upgrade a
  // read snapshot, which SQLite would refuse at once. It passes on both; production with several
  // instances should still use PostgreSQL.
  it('two instances on one database share a burst of duplicates and place each order once', async () => {
    const tenant = await t.createTenant('Twins');
    const [a, b] = await Promise.all([start(), start()]);
    const asyncIds = Array.from({ length: 30 }, (_, i) => `twin-async-${i}`);
    const syncIds = Array.from({ length: 10 }, (_, i) => `twin-sync-${i}`);
    const posts: Post[] = [];
    for (let round = 0; round < 8; round++) {
      for (const tx of asyncIds) posts.push({ url: `${round % 2 ? a.url : b.url}/orders/asyncly`, body: orderBody('twin', tx) });
    }
    for (let round = 0; round < 6; round++) {
      for (const tx of syncIds) posts.push({ url: `${round % 2 ? b.url : a.url}/orders`, body: orderBody('twin', tx) });
    }
    const replies = await sendAll(
      posts.map((p, i) => ({ p, k: (i * 7919) % posts.length })).sort((x, y) => x.k - y.k).map(({ p }) => p),
      tenant,
      32,
    );
    expect(replies.filter((r) => r.status === 202)).toHaveLength(240);
    const syncReplies = replies.filter((r) => r.status === 200 || r.status === 201);
    expect(syncReplies).toHaveLength(60);
    expect(syncReplies.filter((r) => r.status === 201)).toHaveLength(10);

    await waitFor(async () => (await queued()) === 0, 'both instances to drain the intake', 30000);
    await expectExactlyOnce(tenant, [...asyncIds, ...syncIds]);
    // every sync reply named the one order of its transactionId
    const orders = await ordersOf(tenant);
    const idOf = new Map(orders.map((o) => [o.transactionId, o.id]));
    for (const r of syncReplies) expect([...idOf.values()]).toContain(r.body.data!.id);
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
  }, 120000);
});
