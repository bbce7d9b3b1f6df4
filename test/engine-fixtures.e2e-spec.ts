import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, createTestApp } from './support/test-app';

/**
 * Every table-driven engine fixture (test/fixtures/engine), replayed through the real HTTP API on the
 * database under test: the fixture's products and venues are created, their ids swapped for the new
 * ones, the rule set saved and the transaction dry-run. The pure engine runs the same files in
 * src/rule-engine/fixtures.spec.ts; this proves storage and the REST layer change nothing.
 */
interface Fixture {
  name: string;
  ruleSet: { ruleDefinitions: unknown[] };
  transaction: Record<string, unknown>;
  venues?: Array<{ id: string; locationIdentifiers: string[]; position?: unknown; radiusMeters?: number }>;
  products?: Array<{ id: string; price?: number | null }>;
  expected: { response?: unknown; trace?: unknown; stoppedBy?: unknown; error?: { path: string; message: string } };
}

const dir = join(__dirname, 'fixtures', 'engine');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture] as const);

describe('engine fixtures through the HTTP API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('has fixtures to run', () => expect(fixtures.length).toBeGreaterThanOrEqual(20));

  it.each(fixtures)('%s', async (_file, fx) => {
    const tenant = await t.createTenant();
    const auth = { 'X-Api-Key': tenant.apiKey, Authorization: `Bearer ${tenant.adminToken}` };
    const ids = new Map<string, string>();
    for (const p of fx.products ?? []) {
      const res = await t.http.post('/products').set(auth).send({ name: `fixture product ${p.id}`, price: p.price ?? null });
      expect(res.status).toBe(201);
      ids.set(p.id, res.body.data.id);
    }
    for (const v of fx.venues ?? []) {
      const res = await t.http
        .post('/venues')
        .set(auth)
        .send({ name: `fixture venue ${v.id}`, locationIdentifiers: v.locationIdentifiers, position: v.position ?? null, radiusMeters: v.radiusMeters ?? null });
      expect(res.status).toBe(201);
      ids.set(v.id, res.body.data.id);
    }
    const swap = <T>(value: T): T => {
      let text = JSON.stringify(value);
      for (const [from, to] of ids) text = text.split(from).join(to);
      return text === undefined ? value : JSON.parse(text);
    };

    const created = await t.http.post('/transactions-rule-engine/rule-sets').set(auth).send({ name: fx.name.slice(0, 200), isActive: true, ruleDefinitions: swap(fx.ruleSet.ruleDefinitions) });
    if (fx.expected.error) {
      expect(created.status).toBe(400);
      expect(created.body.data.message).toBe(swap(fx.expected.error.message));
      expect(created.body.data.errors[0]).toEqual(swap(fx.expected.error));
      return;
    }
    expect(created.status).toBe(201);
    const res = await t.http.post(`/transactions-rule-engine/rule-sets/${created.body.data.id}/evaluate`).set(auth).send({ transaction: swap(fx.transaction) });
    expect(res.status).toBe(200);
    expect(res.body.data.response).toStrictEqual(swap(fx.expected.response));
    if (fx.expected.trace !== undefined) expect(res.body.data.trace).toStrictEqual(swap(fx.expected.trace));
    if (fx.expected.stoppedBy !== undefined) expect(res.body.data.stoppedBy).toStrictEqual(fx.expected.stoppedBy);
  });
});
