/**
 * Async order intake benchmark on PostgreSQL (a throwaway schema of the `test` database).
 *
 * A child process builds the real app (workers off), listens on an ephemeral loopback port, creates a
 * tenant, two products and an active ORDER rule set. The parent then:
 *   (1) drives POST /orders/asyncly with autocannon, 32 connections for 10 s: accepted/s, p50, p99
 *       (each request validates, takes the dedup claim and commits an intake row; 1 in 10 bodies
 *       repeats an earlier transactionId, so it is accepted and dropped);
 *   (1b) for scale, an authenticated GET /webhooks (the auth guard and one indexed query) at the same
 *       concurrency for 5 s: the service's per-request floor on this machine;
 *   (2) asks the child to drain the intake with the worker's own pass (claim with SKIP LOCKED, match
 *       products, run the rule set, write order + products + ORDER_PLACED, delete the row): orders/s
 *       until the intake is empty, bounded at 180 s.
 * Loopback only; the schema is dropped at the end. Run: npm run bench:orders
 * (BENCH_PG_URL, BENCH_CONNECTIONS, BENCH_SECONDS to change the defaults).
 */
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DRAIN_LIMIT_MS = 180_000;
const CHILD_TIMEOUT_MS = 300_000;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: unknown, res: AutocannonResult) => void) => unknown;

interface Ready {
  base: string;
  headers: Record<string, string>;
}
interface Drained {
  orders: number;
  seconds: number;
  left: number;
}

// ---------------------------------------------------------------------------------------------------
// parent: load generator

async function parent(): Promise<void> {
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const child = spawn(process.execPath, [tsNode, '--transpile-only', __filename], {
    env: { ...process.env, BENCH_CHILD: '1', DATABASE_URL: PG_URL, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const lines = readline.createInterface({ input: child.stdout! });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off('line', onLine);
        resolve(line.slice(prefix.length));
      };
      lines.on('line', onLine);
      void exited.then((code) => reject(new Error(`bench server exited (${code}) before ${prefix.trim()}`)));
    });
  try {
    const ready = JSON.parse(await next('BENCH_READY ')) as Ready;
    process.stderr.write(`bench:orders: POST /orders/asyncly, ${CONNECTIONS} connections, ${SECONDS} s...\n`);
    const accepted = await load(ready);
    const baseline = await autocannonRun({ url: `${ready.base}/webhooks`, headers: ready.headers, connections: CONNECTIONS, duration: 5 });
    process.stderr.write('bench:orders: draining the intake...\n');
    child.stdin!.write('DRAIN\n');
    const drained = JSON.parse(await next('BENCH_DRAINED ')) as Drained;

    const rows: string[][] = [
      ['measurement', 'value'],
      [`POST /orders/asyncly, c=${CONNECTIONS}, ${SECONDS} s: accepted/s`, accepted.requests.average.toFixed(0)],
      ['  p50 / p99 latency (ms)', `${accepted.latency.p50} / ${accepted.latency.p99}`],
      ['  202 responses / non-2xx / errors', `${accepted['2xx']} / ${accepted.non2xx} / ${accepted.errors}`],
      [`baseline GET /webhooks (auth + 1 query), c=${CONNECTIONS}, 5 s: req/s`, baseline.requests.average.toFixed(0)],
      ['  p50 / p99 latency (ms)', `${baseline.latency.p50} / ${baseline.latency.p99}`],
      ['drain: orders created', String(drained.orders)],
      ['drain: seconds until the intake was empty', drained.seconds.toFixed(2)],
      ['drain: orders/s', (drained.orders / drained.seconds).toFixed(0)],
      ['intake rows left (0 unless the 180 s bound was hit)', String(drained.left)],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [i, [k, v]] of rows.entries()) {
      console.log(`${k.padEnd(width)}  ${v}`);
      if (i === 0) console.log(`${'-'.repeat(width)}  -----`);
    }
  } finally {
    child.stdin!.end(); // the child closes the app, drops its schema and exits
    await exited;
    clearTimeout(killer);
  }
}

function autocannonRun(opts: Record<string, unknown>): Promise<AutocannonResult> {
  const autocannon = require('autocannon') as Autocannon; // eslint-disable-line @typescript-eslint/no-require-imports
  return new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

function load({ base, headers }: Ready): Promise<AutocannonResult> {
  let n = 0;
  const body = (): string => {
    n++;
    // every tenth request repeats a recent transactionId of the same submitter: a duplicate
    const k = n % 10 === 0 ? n - 5 : n;
    return JSON.stringify({
      submitter: { authIdentifier: `user-${k % 1000}` },
      serviceDate: '2025-01-09',
      serviceTime: '06:00:00',
      lineItems: [
        { quantity: 2, description: 'Banana', identifier: 'SKU-BANANA', unitPrice: 1.99, totalPrice: 3.98 },
        { quantity: 1, description: 'cola', unitPrice: 1.2, totalPrice: 1.2 },
        { quantity: 1, description: `other ${k % 50}`, unitPrice: 3, totalPrice: 3 },
      ],
      total: 8.18 + (k % 200),
      transactionId: `bench-${k}`,
      locationIdentifier: k % 3 === 0 ? 'STORE-1' : 'STORE-2',
      metadata: { source: 'API' },
    });
  };
  return autocannonRun({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'POST', path: '/orders/asyncly', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }],
  });
}

// ---------------------------------------------------------------------------------------------------
// child: the server

async function child(): Promise<void> {
  // Imported here: column types are read from DATABASE_URL when the entity modules load.
  const { getDataSourceToken } = await import('@nestjs/typeorm');
  const { createApp } = await import('../../src/app');
  const { loadConfig } = await import('../../src/config/config');
  const { createLogger } = await import('../../src/ops/logger');
  const { TenantProvisioning } = await import('../../src/tenants/tenant-provisioning');
  const { OrderIntakeWorker } = await import('../../src/orders/order-intake.worker');
  const { OrderIntakeEntity } = await import('../../src/orders/order-intake.entity');
  const { OrderEntity } = await import('../../src/orders/order.entity');
  type DataSource = import('typeorm').DataSource;

  const { createTestDatabase } = await import('../../test/support/test-db');
  const db = await createTestDatabase({ kind: 'postgres', pgUrl: PG_URL, prefix: 'bench_orders' });
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), database: db.config, logLevel: 'silent' as const, workersEnabled: false };
  const app = await createApp(config, createLogger('silent'));
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const ds = app.get<DataSource>(getDataSourceToken());
    const provisioning = new TenantProvisioning(ds, { issuerPrefix: config.localIssuerPrefix, audience: config.localAudience });
    const tenant = await provisioning.createTenant({ name: 'Bench orders' });
    const token = await provisioning.mintToken({ slug: tenant.slug, sub: 'bench-admin', admin: true, name: 'Bench', ttlSeconds: 3600 });
    const headers = { 'content-type': 'application/json', 'x-api-key': tenant.apiKey, authorization: `Bearer ${token}` };
    const call = async (p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { data: Record<string, unknown> }).data;
    };
    const banana = (await call('/products', { name: 'Banana', identifiers: ['SKU-BANANA'], price: 1.99 })).id as string;
    await call('/products', { name: 'Cola', identifiers: ['SKU-COLA'], aliases: ['cola'], price: 1.2 });
    const kv = (pairs: Array<[string, unknown]>) => pairs.map(([key, value]) => ({ key, value }));
    await call('/transactions-rule-engine/rule-sets', {
      name: 'Bench order rules',
      isActive: true,
      transactionTypes: ['ORDER'],
      ruleDefinitions: [
        { type: 'BASKET', name: 'bananaPresent', priority: 10, configuration: { productId: banana, isUnitPriceCheckNeeded: false }, resultParams: { success: kv([['banana', true]]), failure: kv([['banana', false]]) } },
        {
          type: 'CUSTOM',
          name: 'big-spend',
          priority: 5,
          ruleProperties: { conditions: { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThan', value: 150 }] }, event: { type: 'big-spend' }, priority: 5 },
          resultParams: { success: kv([['bigSpend', true]]), failure: kv([['bigSpend', false]]) },
        },
      ],
    });
    process.stdout.write(`BENCH_READY ${JSON.stringify({ base, headers } satisfies Ready)}\n`);

    const commands = readline.createInterface({ input: process.stdin });
    for await (const line of commands) {
      if (line.trim() !== 'DRAIN') continue;
      const worker = app.get(OrderIntakeWorker);
      const before = await ds.getRepository(OrderEntity).count();
      const started = process.hrtime.bigint();
      const deadline = Date.now() + DRAIN_LIMIT_MS;
      while (Date.now() < deadline && (await worker.drainOnce()) > 0) {
        // drainOnce returns once a pass finds nothing due; loop in case rows were backing off
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const orders = (await ds.getRepository(OrderEntity).count()) - before;
      const left = await ds.getRepository(OrderIntakeEntity).count();
      process.stdout.write(`BENCH_DRAINED ${JSON.stringify({ orders, seconds, left } satisfies Drained)}\n`);
    }
  } finally {
    await app.close();
    await db.drop();
  }
}

if (process.env.BENCH_CHILD) {
  child().catch((err) => {
    process.stderr.write(`bench child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
} else {
  parent().catch((err) => {
    process.stderr.write(`bench:orders failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
