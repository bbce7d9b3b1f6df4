/**
 * HTTP benchmark of the receipts API on both storage drivers.
 *
 * For SQLite (a temporary file) and PostgreSQL (a throwaway schema of the `test` database): builds the
 * real app, listens on an ephemeral loopback port, bulk-inserts 100k receipts (with their automated
 * reviews and matched products) straight through the DataSource, creates an active 4-rule set, then
 * measures with autocannon:
 *   (a) POST /receipts, preparsed, 16 connections, 10 s: requests/s, p50, p99 (every claim runs the
 *       full automated review and the rule set, and writes receipt + review + outbox event);
 *   (b) GET /receipts filtered and sorted, 8 connections, 5 s each: p50, p95.
 * The server runs in a child process per driver (entity column types are chosen from DATABASE_URL at
 * import time, and the load generator must not share the server's event loop); the parent generates the
 * load and prints one table. Run: npm run bench:http (BENCH_DRIVERS=sqlite to run one driver).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED_RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 100_000);
const POST_SECONDS = 10;
const GET_SECONDS = 5;
const CHILD_TIMEOUT_MS = 140_000;

interface Measurement {
  driver: string;
  seedSeconds: number;
  post: { rps: number; p50: number; p99: number; ok: number; errors: number };
  gets: Array<{ name: string; query: string; rps: number; p50: number; p95: number; rows: number; errors: number }>;
}

// ---------------------------------------------------------------------------------------------------
// parent: load generator

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  on(event: 'done', fn: (result: AutocannonResult) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: unknown, res: AutocannonResult) => void) => AutocannonInstance;

interface Ready {
  base: string;
  headers: Record<string, string>;
  productIds: string[];
  seedSeconds: number;
}

async function parent(): Promise<void> {
  const drivers = (process.env.BENCH_DRIVERS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const results: Measurement[] = [];
  for (const driver of drivers) {
    process.stderr.write(`bench:http ${driver}: seeding ${SEED_RECEIPTS} receipts...\n`);
    const server = await startServer(driver);
    try {
      process.stderr.write(`bench:http ${driver}: seeded in ${server.ready.seedSeconds.toFixed(1)} s; measuring...\n`);
      results.push(await measure(driver, server.ready));
    } finally {
      await server.stop();
    }
  }
  const rows: string[][] = [['driver', 'measurement', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx']];
  for (const r of results) {
    rows.push([r.driver, `seed ${SEED_RECEIPTS} receipts (bulk, ${r.seedSeconds.toFixed(1)} s)`, '', '', '', '', '']);
    rows.push([r.driver, 'POST /receipts preparsed, c=16', r.post.rps.toFixed(0), r.post.p50.toFixed(1), '', r.post.p99.toFixed(1), String(r.post.errors)]);
    for (const g of r.gets) rows.push([r.driver, `GET ${g.name}, c=8`, g.rps.toFixed(0), g.p50.toFixed(1), g.p95.toFixed(1), '', String(g.errors)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, k) => (k >= 2 ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const r of results) for (const g of r.gets) console.log(`${r.driver} ${g.name}: ${g.query} (${g.rows} rows/page)`);
}

async function startServer(driver: string): Promise<{ ready: Ready; stop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_CHILD: driver, LOG_LEVEL: 'silent' };
  if (driver === 'postgres') env.DATABASE_URL = PG_URL;
  else delete env.DATABASE_URL;
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const child = spawn(process.execPath, [tsNode, '--transpile-only', __filename], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('BENCH_READY '));
      if (line) resolve(JSON.parse(line.slice('BENCH_READY '.length)) as Ready);
    });
    void exited.then((code) => reject(new Error(`bench server for ${driver} exited (${code}) before it was ready`)));
  });
  return {
    ready,
    stop: async () => {
      child.stdin!.end(); // the server cleans up (drops its schema / file) and exits
      await exited;
      clearTimeout(killer);
    },
  };
}

function run(opts: Record<string, unknown>, onLatency?: (ms: number) => void): Promise<AutocannonResult> {
  const autocannon = require('autocannon') as Autocannon; // eslint-disable-line @typescript-eslint/no-require-imports
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    if (onLatency) instance.on('response', (_client, _status, _bytes, responseTime) => onLatency(responseTime));
  });
}

async function measure(driver: string, ready: Ready): Promise<Measurement> {
  const { base, headers, productIds, seedSeconds } = ready;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  let n = 0;
  const claimBody = (): string => {
    n++;
    return JSON.stringify({
      useParser: false,
      submitter: { authIdentifier: `user-${n % 5000}` },
      ocrConfidence: 0.9,
      serviceDate: { value: yesterday, confidence: 0.9 },
      serviceTime: { value: `${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`, confidence: 0.9 },
      lineItems: [
        { identifier: 'SKU-0', description: 'Pepsi', quantity: 1, unitPrice: 1, totalPrice: 1 },
        { description: 'prawns', quantity: 2, unitPrice: 2, totalPrice: 4 },
        { description: `other ${n % 100}`, quantity: 1, unitPrice: 3, totalPrice: 3 },
      ],
      subtotal: { value: String(n % 200), confidence: 0.9 },
      total: { value: `${n % 200}.${n % 100}`, confidence: 0.9 },
      barcode: { value: `BENCH-${process.pid}-${n}`, confidence: 0.9 },
      locationIdentifier: { value: n % 3 === 0 ? 'CORN-1' : 'ELSEWHERE', confidence: 0.9 },
      formatSlug: `format-${n % 20}`,
      merchantName: { value: `Merchant ${n % 200}`, confidence: 0.9 },
      language: { value: 'en', confidence: 0.9 },
      metadata: { source: 'BENCH' },
    });
  };
  // warm-up: compiles the rule set, fills statement caches
  for (let i = 0; i < 30; i++) {
    const res = await fetch(`${base}/receipts`, { method: 'POST', headers, body: claimBody() });
    if (res.status !== 201) throw new Error(`warm-up claim failed: ${res.status} ${await res.text()}`);
  }
  const post = await run({
    url: base,
    connections: 16,
    duration: POST_SECONDS,
    requests: [{ method: 'POST', path: '/receipts', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: claimBody() }) }],
  });

  const queries = listQueries(productIds[1]).map(([name, params]) => [name, new URLSearchParams(params).toString()] as const);
  const gets: Measurement['gets'] = [];
  for (const [name, query] of queries) {
    const first = await fetch(`${base}/receipts?${query}`, { headers });
    if (first.status !== 200) throw new Error(`GET ${query}: ${first.status} ${await first.text()}`);
    const rows = ((await first.json()) as { data: unknown[] }).data.length;
    const latencies: number[] = [];
    const done = await run({ url: `${base}/receipts?${query}`, connections: 8, duration: GET_SECONDS, headers }, (ms) => latencies.push(ms));
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
    gets.push({ name, query: decodeURIComponent(query.replace(/\+/g, " ")), rps: done.requests.average, p50: pct(50), p95: pct(95), rows, errors: done.non2xx + done.errors });
  }
  return {
    driver,
    seedSeconds,
    post: { rps: post.requests.average, p50: post.latency.p50, p99: post.latency.p99, ok: post['2xx'], errors: post.non2xx + post.errors },
    gets,
  };
}

/** The filtered, sorted list requests measured in (b). */
function listQueries(productId: string): Array<[string, Record<string, string>]> {
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  return [
    ['status+total filter, sort total', { filter: 'status:(eq:AUTHORIZED),total:(gt:150)', sort: 'total', order: 'DESC', limit: '20' }],
    ['merchant like, sort notionallyServedAt', { filter: "merchantName:(like:'%king 1%')", sort: 'notionallyServedAt', order: 'DESC', limit: '20' }],
    ['product has + date range, sort createdAt', { filter: `productIds:(has:'${productId}'),createdAt:(gt:'${weekAgo}')`, limit: '20' }],
  ];
}

// ---------------------------------------------------------------------------------------------------
// child: the server

async function child(driver: string): Promise<void> {
  // Imported here: column types are read from DATABASE_URL when the entity modules load.
  const { getDataSourceToken } = await import('@nestjs/typeorm');
  const { createApp } = await import('../../src/app');
  const { loadConfig } = await import('../../src/config/config');
  const { createLogger } = await import('../../src/ops/logger');
  const { TenantProvisioning } = await import('../../src/tenants/tenant-provisioning');
  type DataSource = import('typeorm').DataSource;

  const { createTestDatabase } = await import('../../test/support/test-db');
  const db = await createTestDatabase({ kind: driver === 'postgres' ? 'postgres' : 'sqlite', pgUrl: PG_URL, prefix: 'bench_http' });
  const database = db.config;
  const cleanup = db.drop;

  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), database, logLevel: 'silent' as const, workersEnabled: false };
  const app = await createApp(config, createLogger('silent'));
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const ds = app.get<DataSource>(getDataSourceToken());
    const provisioning = new TenantProvisioning(ds, { issuerPrefix: config.localIssuerPrefix, audience: config.localAudience });
    const tenant = await provisioning.createTenant({ name: 'Bench' });
    const token = await provisioning.mintToken({ slug: tenant.slug, sub: 'bench-admin', admin: true, name: 'Bench', ttlSeconds: 3600 });
    const headers = { 'content-type': 'application/json', 'x-api-key': tenant.apiKey, authorization: `Bearer ${token}` };
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${base}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json()) as { data: Record<string, unknown> };
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json.data;
    };

    // catalogue and an active 4-rule set
    const productIds: string[] = [];
    for (const [i, name] of ['Pepsi', 'Prawns', 'Crisps', 'Beer'].entries()) {
      productIds.push((await call('POST', '/products', { name, identifiers: [`SKU-${i}`], price: 1 + i })).id as string);
    }
    const venue = (await call('POST', '/venues', { name: 'Corn Exchange', locationIdentifiers: ['CORN-1'] })).id as string;
    const kv = (pairs: Array<[string, unknown]>) => pairs.map(([key, value]) => ({ key, value }));
    const basket = (name: string, priority: number, productId: string) => ({
      type: 'BASKET',
      name,
      priority,
      configuration: { productId, isUnitPriceCheckNeeded: true },
      resultParams: { success: kv([[name, true]]), failure: kv([[name, false]]) },
    });
    await call('POST', '/transactions-rule-engine/rule-sets', {
      name: 'Bench rules',
      isActive: true,
      ruleDefinitions: [
        basket('pepsiPresent', 10, productIds[0]),
        basket('prawnsPresent', 9, productIds[1]),
        {
          type: 'CUSTOM',
          name: 'at-venue',
          priority: 5,
          ruleProperties: { conditions: { all: [{ fact: 'request', operator: 'venueMatches', value: venue }] }, event: { type: 'at-venue' }, priority: 5 },
          resultParams: { success: kv([['atVenue', true]]), failure: kv([['atVenue', false]]) },
        },
        {
          type: 'CUSTOM',
          name: 'big-spend',
          priority: 4,
          ruleProperties: { conditions: { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThan', value: 190 }] }, event: { type: 'big-spend' }, priority: 4 },
          resultParams: { success: kv([['verdict', 'ABSTAIN'], ['reason', 'SUSPICIOUS']]), failure: [] },
        },
      ],
    });

    const seedStarted = process.hrtime.bigint();
    await seed(ds, tenant.id, productIds);
    const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;
    await ds.query('ANALYZE');
    if (process.env.BENCH_EXPLAIN === '1') await explain(ds, tenant.id, listQueries(productIds[1]));

    const ready: Ready = { base, headers, productIds, seedSeconds };
    process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);
    await new Promise<void>((resolve) => {
      process.stdin.resume();
      process.stdin.on('end', () => resolve());
      process.stdin.on('close', () => resolve());
    });
  } finally {
    await app.close();
    await cleanup();
  }
}

const PG_ARRAY_TYPES: Record<string, string> = {
  reviewCount: 'int[]',
  sequence: 'int[]',
  useParser: 'boolean[]',
  isAutomated: 'boolean[]',
  ocrConfidence: 'float8[]',
  total: 'float8[]',
  subtotal: 'float8[]',
  servedAt: 'timestamptz[]',
  notionallyServedAt: 'timestamptz[]',
  createdAt: 'timestamptz[]',
  updatedAt: 'timestamptz[]',
  lineItems: 'text[]',
  metadata: 'text[]',
  confidences: 'text[]',
  ruleEngineResponse: 'text[]',
};

/**
 * 100k receipts spread over 60 days, each with its automated review and matched products, in chunks of
 * 1,000 with bound parameters (multi-row VALUES on SQLite, unnest() of column arrays on PostgreSQL), one
 * transaction per chunk. TypeORM's insert() spends most of its time on entity bookkeeping.
 */
async function seed(ds: import('typeorm').DataSource, tenantId: string, productIds: string[]): Promise<void> {
  const pg = ds.options.type === 'postgres';
  const ts = (d: Date): string => (pg ? d.toISOString() : d.toISOString().replace('T', ' ').slice(0, 23)); // TypeORM's SQLite datetime text
  const bool = (b: boolean): boolean | number => (pg ? b : b ? 1 : 0);
  const insert = async (m: import('typeorm').EntityManager, table: string, columns: string[], rows: unknown[][]) => {
    if (rows.length === 0) return;
    const names = columns.map((c) => `"${c}"`).join(', ');
    if (pg) {
      // One array parameter per column: planning does not grow with the row count.
      const casts = columns.map((c) => PG_ARRAY_TYPES[c] ?? 'varchar[]');
      const arrays = columns.map((_, k) => rows.map((r) => r[k]));
      await m.query(`INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${casts.map((t, k) => `$${k + 1}::${t}`).join(', ')})`, arrays);
      return;
    }
    const values = rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ');
    await m.query(`INSERT INTO "${table}" (${names}) VALUES ${values}`, rows.flat());
  };
  const RECEIPT_COLUMNS = [
    'id', 'tenantId', 'status', 'reason', 'paramountReviewId', 'reviewCount', 'useParser', 'submitterAuthIdentifier', 'ocrConfidence',
    'serviceDate', 'serviceTime', 'timezone', 'servedAt', 'notionallyServedAt', 'total', 'subtotal', 'barcode', 'transactionId',
    'locationIdentifier', 'merchantName', 'language', 'formatSlug', 'lineItems', 'metadata', 'confidences', 'createdAt', 'updatedAt',
  ];
  const REVIEW_COLUMNS = ['id', 'tenantId', 'receiptId', 'sequence', 'verdict', 'reason', 'isAutomated', 'ruleEngineResponse', 'createdAt'];
  const CHUNK = pg ? 2000 : 1000; // SQLite: 27 columns x 1,000 rows stays under its 32,766 bound parameters
  const now = Date.now();
  const merchants = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? `Burger King ${i}` : `Merchant ${i}`));
  const statuses = [['AUTHORIZED', 'AUTHORIZE', 'VALID_DATA'], ['PENDING', 'ABSTAIN', 'INSUFFICIENT_DATA'], ['REJECTED', 'REJECT', 'DUPLICATE']] as const;
  let rng = 42;
  const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let start = 0; start < SEED_RECEIPTS; start += CHUNK) {
    const receipts: unknown[][] = [];
    const reviews: unknown[][] = [];
    const products: unknown[][] = [];
    for (let i = start; i < Math.min(SEED_RECEIPTS, start + CHUNK); i++) {
      const id = randomUUID();
      const reviewId = randomUUID();
      const createdAt = new Date(now - Math.floor(rand() * 60 * 86_400_000));
      const servedAt = new Date(createdAt.getTime() - Math.floor(rand() * 86_400_000));
      const st = statuses[rand() < 0.7 ? 0 : rand() < 0.66 ? 1 : 2];
      const total = Math.round(rand() * 20000) / 100;
      const matched = productIds.filter(() => rand() < 0.3);
      const lineItems = matched.map((productId) => ({ productId, quantity: 1, unitPrice: 2, totalPrice: 2 }));
      receipts.push([
        id, tenantId, st[0], st[2], reviewId, 1, bool(false), `user-${Math.floor(rand() * 5000)}`, 0.9,
        servedAt.toISOString().slice(0, 10), servedAt.toISOString().slice(11, 19), 'UTC', ts(servedAt), ts(servedAt), total, Math.round(total * 80) / 100, `SEED-${i}`, `SEED-${i}`,
        `LOC-${i % 50}`, merchants[Math.floor(rand() * merchants.length)], 'en', `format-${i % 20}`, JSON.stringify(lineItems), JSON.stringify({ source: 'SEED' }), '{}', ts(createdAt), ts(createdAt),
      ]);
      reviews.push([reviewId, tenantId, id, 1, st[1], st[2], bool(true), '{}', ts(createdAt)]);
      for (const productId of matched) products.push([randomUUID(), tenantId, id, productId]);
    }
    await ds.transaction(async (m) => {
      await insert(m, 'receipts', RECEIPT_COLUMNS, receipts);
      await insert(m, 'receipt_reviews', REVIEW_COLUMNS, reviews);
      await insert(m, 'receipt_products', ['id', 'tenantId', 'receiptId', 'productId'], products);
    });
  }
}

/** The SQL plan of each list query, for the README (BENCH_EXPLAIN=1). */
async function explain(ds: import('typeorm').DataSource, tenantId: string, queries: Array<[string, Record<string, string>]>): Promise<void> {
  const { parseListQuery, applyListQuery } = await import('../../src/common/list-query');
  const { RECEIPT_LIST } = await import('../../src/receipts/receipt-list');
  const { ReceiptEntity } = await import('../../src/receipts/receipt.entity');
  const { TenantScopedRepository } = await import('../../src/database/tenant-scoped-repository');
  for (const [name, params] of queries) {
    const qb = applyListQuery(new TenantScopedRepository(ReceiptEntity, ds.manager).query(tenantId, 'r'), 'r', parseListQuery(params, RECEIPT_LIST), RECEIPT_LIST);
    const [sql, values] = qb.getQueryAndParameters();
    const pg = ds.options.type === 'postgres';
    const rows: Array<Record<string, unknown>> = await ds.query(`${pg ? 'EXPLAIN ANALYZE' : 'EXPLAIN QUERY PLAN'} ${sql}`, values);
    process.stderr.write(`--- ${name}\n${rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n')}\n`);
  }
}

const role = process.env.BENCH_CHILD;
(role ? child(role) : parent()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
