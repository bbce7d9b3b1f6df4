import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail, fieldPaths } from './support/expect';
import { expectSchema } from './support/schemas';
import { RuleSetRunner } from '../src/rule-sets/rule-set-runner';

const PRAWNS = '837eec03-74ff-4758-8cb8-e58ee28c2612';

/** The reference's "Deeset Rules" (PATCH example), with the pepsi product and Corn Exchange venue of this tenant. */
function deesetRules(pepsiId: string, venueId: string) {
  return [
    {
      name: 'prawns-present',
      priority: 10,
      ruleProperties: {
        event: { type: 'prawns-present' },
        priority: 10,
        conditions: {
          all: [
            {
              any: [
                { fact: 'request', path: '$.transaction.lineItems[*].productId', value: PRAWNS, operator: 'contains' },
                { fact: 'request', path: '$.transaction.lineItems[*].productId', value: PRAWNS, operator: 'equal' },
              ],
            },
            {
              any: [
                { fact: 'request', path: `$.transaction.lineItems[?(@.productId==='${PRAWNS}')].unitPrice`, value: 12.2, operator: 'contains' },
                { fact: 'request', path: `$.transaction.lineItems[?(@.productId==='${PRAWNS}')].unitPrice`, value: 12.2, operator: 'equal' },
              ],
            },
          ],
        },
      },
      resultParams: {
        failure: [{ key: 'prawnsPresent', value: false }, { key: 'verdict', value: 'FAIL' }],
        success: [{ key: 'prawnsPresent', value: true }, { key: 'verdict', value: 'SUCCESS' }],
      },
      type: 'CUSTOM',
    },
    {
      name: 'pepsi-present',
      resultParams: { failure: [{ key: 'pepsiPresent', value: false }], success: [{ key: 'pepsiPresent', value: true }] },
      configuration: { productId: pepsiId, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 10.2 },
      priority: 9,
      type: 'BASKET',
    },
    {
      name: 'venue-is-corn-exchange',
      priority: 5,
      ruleProperties: {
        conditions: { all: [{ operator: 'venueMatches', value: venueId, fact: 'request' }] },
        event: { type: 'venue-is-corn-exchange' },
        priority: 5,
      },
      resultParams: {
        failure: [{ key: 'verdict', value: 'REJECT' }, { key: 'stopRuleEngine', value: true }, { key: 'inCornExchange', value: false }],
        success: [{ key: 'verdict', value: 'ABSTAIN' }, { key: 'stopRuleEngine', value: false }, { key: 'inCornExchange', value: true }],
      },
      type: 'CUSTOM',
    },
    {
      name: 'final-check',
      ruleProperties: {
        conditions: {
          all: [
            { operator: 'equal', value: true, fact: 'inCornExchange' },
            { operator: 'equal', value: true, fact: 'pepsiPresent' },
            { operator: 'equal', value: true, fact: 'prawnsPresent' },
          ],
        },
        event: { type: 'final-check' },
        priority: 4,
      },
      priority: 4,
      resultParams: { failure: [{ key: 'finalCheckPass', value: false }], success: [{ key: 'finalCheckPass', value: true }] },
      type: 'CUSTOM',
    },
  ];
}

const custom = (name: string, priority: number, conditions: unknown, success: unknown[] = [{ key: name, value: true }]) => ({
  type: 'CUSTOM',
  name,
  priority,
  ruleProperties: { conditions, event: { type: name }, priority },
  resultParams: { success, failure: [] },
});

describe('rule sets', () => {
  let t: TestApp;
  let acme: TestTenant;
  let rival: TestTenant;
  let pepsi: { id: string };
  let venue: { id: string };
  const as = (tenant: TestTenant) => ({ 'X-Api-Key': tenant.apiKey, Authorization: `Bearer ${tenant.adminToken}` });
  const base = '/transactions-rule-engine/rule-sets';

  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.createTenant('Deeset');
    rival = await t.createTenant('Rival');
    pepsi = (await t.http.post('/products').set(as(acme)).send({ name: 'Pepsi 330ml', identifiers: ['PEPSI-SKU'], price: 1.1 })).body.data;
    venue = (await t.http.post('/venues').set(as(acme)).send({ name: 'Corn Exchange', locationIdentifiers: ['CORN-1'], position: { latitude: 52.2053, longitude: 0.1192 }, radiusMeters: 100 })).body.data;
  });
  afterAll(async () => t.close());

  describe('the reference Deeset example', () => {
    let setId: string;

    it('is created with BASKET rules inflated exactly as the reference shows, without the API key', async () => {
      const res = await t.http.post(base).set(as(acme)).send({ name: 'Deeset Rules', isActive: true, ruleDefinitions: deesetRules(pepsi.id, venue.id) });
      expect(res.status).toBe(201);
      expectSchema('rule-set', res.body);
      setId = res.body.data.id;
      expect(res.body.data).toMatchObject({ name: 'Deeset Rules', isActive: true, transactionTypes: ['RECEIPT', 'ORDER'] });
      expect(res.text).not.toContain(acme.apiKey);
      const rules = res.body.data.rules;
      expect(rules.map((r: { name: string }) => r.name)).toEqual(['prawns-present', 'pepsi-present', 'venue-is-corn-exchange', 'final-check']);
      const basket = rules[1];
      expect(basket).toMatchObject({ type: 'BASKET', priority: 9, configuration: { productId: pepsi.id, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 10.2 } });
      const filter = `$.transaction.lineItems[?(@.productId==='${pepsi.id}')].unitPrice`;
      expect(basket.ruleProperties).toEqual({
        conditions: {
          all: [
            {
              any: [
                { fact: 'request', operator: 'contains', value: pepsi.id, path: '$.transaction.lineItems[*].productId' },
                { fact: 'request', operator: 'equal', value: pepsi.id, path: '$.transaction.lineItems[*].productId' },
              ],
            },
            {
              any: [
                { fact: 'request', operator: 'contains', value: 10.2, path: filter },
                { fact: 'request', operator: 'equal', value: 10.2, path: filter },
              ],
            },
          ],
        },
        event: { type: 'pepsi-present' },
        priority: 9,
      });
      for (const r of rules) expect(Object.keys(r).sort()).toEqual(['configuration', 'createdAt', 'id', 'name', 'priority', 'resultParams', 'ruleProperties', 'type', 'updatedAt']);
    });

    it('passes the final check for a transaction at the venue with both products (matched by identifier)', async () => {
      const res = await t.http
        .post(`${base}/${setId}/evaluate`)
        .set(as(acme))
        .send({
          transaction: {
            locationIdentifier: 'CORN-1',
            lineItems: [
              { description: 'King prawns', productId: PRAWNS, unitPrice: 12.2, quantity: 1 },
              { description: 'Pepsi', identifier: 'PEPSI-SKU', unitPrice: 10.2, quantity: 2 },
            ],
          },
        });
      expect(res.status).toBe(200);
      expect(res.body.data.ruleSetId).toBe(setId);
      expect(res.body.data.response).toEqual({ prawnsPresent: true, verdict: 'ABSTAIN', pepsiPresent: true, inCornExchange: true, finalCheckPass: true });
      expect(res.body.data.stoppedBy).toBeNull();
      expect(res.body.data.trace.map((e: { rule: string; result: boolean }) => [e.rule, e.result])).toEqual([
        ['prawns-present', true],
        ['pepsi-present', true],
        ['venue-is-corn-exchange', true],
        ['final-check', true],
      ]);
    });

    it('matches the venue by geofence when there is no location identifier', async () => {
      const res = await t.http
        .post(`${base}/${setId}/evaluate`)
        .set(as(acme))
        .send({ transaction: { submissionPosition: { latitude: 52.2056, longitude: 0.1195 }, lineItems: [] } });
      expect(res.body.data.response).toMatchObject({ inCornExchange: true, prawnsPresent: false, pepsiPresent: false, finalCheckPass: false });
    });

    it('stops after a REJECT with stopRuleEngine elsewhere: final-check never runs and the key is not copied', async () => {
      const res = await t.http
        .post(`${base}/${setId}/evaluate`)
        .set(as(acme))
        .send({ transaction: { locationIdentifier: 'ELSEWHERE', lineItems: [{ productId: PRAWNS, unitPrice: 12.2 }] } });
      expect(res.body.data.response).toEqual({ prawnsPresent: true, verdict: 'REJECT', pepsiPresent: false, inCornExchange: false });
      expect(res.body.data.stoppedBy).toBe('venue-is-corn-exchange');
      expect(res.body.data.trace.map((e: { rule: string }) => e.rule)).toEqual(['prawns-present', 'pepsi-present', 'venue-is-corn-exchange']);
    });

    it('refuses to delete the venue or product an active set uses (409), and allows it once the set is inactive', async () => {
      expectFail(await t.http.delete(`/venues/${venue.id}`).set(as(acme)), 409, 'ConflictError');
      expectFail(await t.http.delete(`/products/${pepsi.id}`).set(as(acme)), 409, 'ConflictError');
      const other = (await t.http.post('/products').set(as(acme)).send({ name: 'Unused' })).body.data;
      expect((await t.http.delete(`/products/${other.id}`).set(as(acme))).status).toBe(204);
    });
  });

  describe('validation (400, exact messages, nothing stored)', () => {
    const before = async () => (await t.http.get(base).set(as(acme))).body.data.length;

    it('needs ruleProperties.priority to match priority', async () => {
      const n = await before();
      const bad = custom('r1', 5, { all: [] });
      bad.ruleProperties.priority = 6;
      const res = await t.http.post(base).set(as(acme)).send({ isActive: true, ruleDefinitions: [bad] });
      expectFail(res, 400, 'BadRequestError');
      expect(res.body.data.message).toBe('The priority must match the ruleProperties.priority!');
      expect(await before()).toBe(n);
    });

    it('needs ruleProperties.event.type to match the name', async () => {
      const bad = custom('r1', 5, { all: [] });
      bad.ruleProperties.event.type = 'other';
      const res = await t.http.post(base).set(as(acme)).send({ isActive: true, ruleDefinitions: [custom('ok', 1, { all: [] }), bad] });
      expectFail(res, 400, 'BadRequestError');
      expect(res.body.data.message).toBe('The name must match the ruleProperties.event.type!');
      expect(fieldPaths(res).some((p) => p.startsWith('ruleDefinitions[1]'))).toBe(true);
    });

    const cond = (c: Record<string, unknown>) => ({ all: [{ fact: 'request', operator: 'equal', value: 1, ...c }] });
    let deep: unknown = { fact: 'request', operator: 'equal', value: 1 };
    for (let i = 0; i < 100; i++) deep = { all: [deep] };
    const hostile: Array<[string, unknown]> = [
      ['duplicate names', [custom('same', 1, { all: [] }), custom('same', 2, { all: [] })]],
      ['an unknown operator', [custom('r', 1, cond({ operator: 'matchesRegex' }))]],
      ['an unknown venue', [custom('r', 1, { all: [{ fact: 'request', operator: 'venueMatches', value: '00000000-0000-0000-0000-000000000000' }] })]],
      ['a condition of another shape', [custom('r', 1, { all: [{ fact: 'request', operator: 'equal', value: 1, exec: 'x' }] })]],
      ['a script filter', [custom('r', 1, cond({ path: "$[?(@.constructor.constructor('return process')().exit())]" }))]],
      ['a parenthesised script', [custom('r', 1, cond({ path: '$.transaction[(@.length-1)]' }))]],
      ['recursive descent', [custom('r', 1, cond({ path: '$..productId' }))]],
      ['a call', [custom('r', 1, cond({ path: "$[?('ab'.repeat(2.5e8).split(''))]" }))]],
      ['a regex', [custom('r', 1, cond({ path: '$.transaction.lineItems[?(@.name.match(/a+/))]' }))]],
      ['__proto__', [custom('r', 1, cond({ path: '$.__proto__.polluted' }))]],
      ['constructor', [custom('r', 1, cond({ path: "$['constructor']" }))]],
      ['a 20,000-segment path', [custom('r', 1, cond({ path: '$' + '.a'.repeat(20000) }))]],
      ['100-deep nesting', [custom('r', 1, deep)]],
      ['1,000 conditions', [custom('r', 1, { all: Array.from({ length: 1000 }, () => ({ fact: 'request', operator: 'equal', value: 1 })) })]],
      ['a BASKET rule for an unknown product', [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: 'nope', isUnitPriceCheckNeeded: false }, resultParams: { success: [], failure: [] } }]],
      ['an unknown rule type', [{ ...custom('r', 1, { all: [] }), type: 'MAGIC' }]],
      ['a priority of 0', [custom('r', 0, { all: [] })]],
      ['missing resultParams', [{ type: 'CUSTOM', name: 'r', priority: 1, ruleProperties: { conditions: { all: [] }, event: { type: 'r' }, priority: 1 } }]],
    ];
    it.each(hostile)('refuses %s and stays healthy', async (_label, ruleDefinitions) => {
      const res = await t.http.post(base).set(as(acme)).send({ isActive: true, ruleDefinitions });
      expectFail(res, 400, 'BadRequestError');
      expect((await t.http.get('/health')).status).toBe(200);
    });

    it('refuses a BASKET price check with neither override nor catalogue price', async () => {
      const cheap = (await t.http.post('/products').set(as(acme)).send({ name: 'No price' })).body.data;
      const res = await t.http
        .post(base)
        .set(as(acme))
        .send({ isActive: true, ruleDefinitions: [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: cheap.id, isUnitPriceCheckNeeded: true }, resultParams: { success: [], failure: [] } }] });
      expectFail(res, 400, 'BadRequestError');
    });

    it('uses the catalogue price when there is no override', async () => {
      const res = await t.http
        .post(base)
        .set(as(acme))
        .send({ isActive: false, ruleDefinitions: [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: pepsi.id, isUnitPriceCheckNeeded: true }, resultParams: { success: [], failure: [] } }] });
      expect(res.status).toBe(201);
      expect(JSON.stringify(res.body.data.rules[0].ruleProperties.conditions.all[1])).toContain('1.1');
    });

    it('re-prices a catalogue-priced BASKET rule when the product price changes, and refuses to clear that price', async () => {
      const cola = (await t.http.post('/products').set(as(acme)).send({ name: 'Cola', identifiers: ['COLA'], price: 2 })).body.data;
      const set = (
        await t.http
          .post(base)
          .set(as(acme))
          .send({ isActive: false, ruleDefinitions: [{ type: 'BASKET', name: 'cola', priority: 1, configuration: { productId: cola.id, isUnitPriceCheckNeeded: true }, resultParams: { success: [{ key: 'cola', value: true }], failure: [{ key: 'cola', value: false }] } }] })
      ).body.data;
      const run = async (unitPrice: number) =>
        (await t.http.post(`${base}/${set.id}/evaluate`).set(as(acme)).send({ transaction: { lineItems: [{ identifier: 'COLA', unitPrice }] } })).body.data.response;
      expect(await run(2)).toEqual({ cola: true });

      expect((await t.http.patch(`/products/${cola.id}`).set(as(acme)).send({ price: 2.5 })).status).toBe(200);
      expect(await run(2)).toEqual({ cola: false });
      expect(await run(2.5)).toEqual({ cola: true });
      const stored = (await t.http.get(`${base}/${set.id}`).set(as(acme))).body.data;
      expect(stored.rules[0].ruleProperties.conditions.all[1].any[0].value).toBe(2.5);
      expect(stored.updatedAt).toBe(set.updatedAt);

      expectFail(await t.http.patch(`/products/${cola.id}`).set(as(acme)).send({ price: null }), 409, 'ConflictError');
      expect((await t.http.get(`/products/${cola.id}`).set(as(acme))).body.data.price).toBe(2.5);
    });

    it.each([
      [{ ruleDefinitions: [] }, 'isActive'],
      [{ isActive: 'yes' }, 'isActive'],
      [{ isActive: true, ruleDefinitions: 'all of them' }, 'ruleDefinitions'],
      [{ isActive: true, transactionTypes: ['REFUND'] }, 'transactionTypes'],
      [{ isActive: true, tenant: { key: 'x' } }, 'tenant'],
    ])('refuses the body %j naming %s', async (body, path) => {
      const res = await t.http.post(base).set(as(acme)).send(body);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toContain(path);
    });
  });

  describe('lifecycle', () => {
    it('PATCH replaces the whole rule list and the next evaluation sees it; DELETE is soft and final', async () => {
      const created = (await t.http.post(base).set(as(acme)).send({ name: 'v1', isActive: true, ruleDefinitions: [custom('a', 2, { all: [] }), custom('b', 1, { all: [] })] })).body.data;
      const run = () => t.http.post(`${base}/${created.id}/evaluate`).set(as(acme)).send({ transaction: {} });
      expect((await run()).body.data.response).toEqual({ a: true, b: true });

      const patched = await t.http.patch(`${base}/${created.id}`).set(as(acme)).send({ name: 'v2', ruleDefinitions: [custom('c', 1, { all: [] })] });
      expect(patched.status).toBe(200);
      expectSchema('rule-set', patched.body);
      expect(patched.body.data).toMatchObject({ name: 'v2', isActive: true });
      expect(patched.body.data.rules.map((r: { name: string }) => r.name)).toEqual(['c']);
      expect((await run()).body.data.response).toEqual({ c: true });

      const renamed = await t.http.patch(`${base}/${created.id}`).set(as(acme)).send({ isActive: false });
      expect(renamed.body.data).toMatchObject({ name: 'v2', isActive: false });
      expect(renamed.body.data.rules.map((r: { name: string }) => r.name)).toEqual(['c']);

      expect((await t.http.delete(`${base}/${created.id}`).set(as(acme))).status).toBe(204);
      expectFail(await t.http.get(`${base}/${created.id}`).set(as(acme)), 404, 'NotFoundError');
      expectFail(await run(), 404, 'NotFoundError');
      expectFail(await t.http.delete(`${base}/${created.id}`).set(as(acme)), 404, 'NotFoundError');
      expect((await t.http.get(base).set(as(acme))).body.data.map((s: { id: string }) => s.id)).not.toContain(created.id);
    });

    it('omits name when the set has none, as the reference schema types it as a string', async () => {
      const res = await t.http.post(base).set(as(acme)).send({ isActive: false });
      expect(res.status).toBe(201);
      expect(res.body.data).not.toHaveProperty('name');
      expect(res.body.data.rules).toEqual([]);
      expectSchema('rule-set', res.body);
    });

    it('refuses dry runs with a bad transaction', async () => {
      const s = (await t.http.post(base).set(as(acme)).send({ isActive: false })).body.data;
      expectFail(await t.http.post(`${base}/${s.id}/evaluate`).set(as(acme)).send({ transaction: { type: 'REFUND' } }), 400, 'BadRequestError');
      expectFail(await t.http.post(`${base}/${s.id}/evaluate`).set(as(acme)).send({ transaction: 'x' }), 400, 'BadRequestError');
      expectFail(await t.http.post(`${base}/${s.id}/evaluate`).set(as(acme)).send({ transaction: { lineItems: Array.from({ length: 1001 }, () => ({})) } }), 400, 'BadRequestError');
    });

    it("answers 404 for another tenant's set on every verb", async () => {
      const s = (await t.http.post(base).set(as(acme)).send({ name: 'private', isActive: false })).body.data;
      expectFail(await t.http.get(`${base}/${s.id}`).set(as(rival)), 404, 'NotFoundError');
      expectFail(await t.http.patch(`${base}/${s.id}`).set(as(rival)).send({ isActive: true }), 404, 'NotFoundError');
      expectFail(await t.http.delete(`${base}/${s.id}`).set(as(rival)), 404, 'NotFoundError');
      expectFail(await t.http.post(`${base}/${s.id}/evaluate`).set(as(rival)).send({ transaction: {} }), 404, 'NotFoundError');
      expect((await t.http.get(base).set(as(rival))).body.data).toEqual([]);
      expect((await t.http.get(`${base}/${s.id}`).set(as(acme))).body.data.isActive).toBe(false);
    });

    it('refuses a venue of another tenant in venueMatches', async () => {
      const theirs = (await t.http.post('/venues').set(as(rival)).send({ name: 'Theirs', locationIdentifiers: ['T'] })).body.data;
      const res = await t.http
        .post(base)
        .set(as(acme))
        .send({ isActive: true, ruleDefinitions: [custom('v', 1, { all: [{ fact: 'request', operator: 'venueMatches', value: theirs.id }] })] });
      expectFail(res, 400, 'BadRequestError');
    });
  });

  describe('selection for submitted transactions', () => {
    it('runs the newest-updated active set for the type; inactive, deleted and other-type sets never run; none gives {}', async () => {
      const tenant = await t.createTenant('Selector');
      const auth = { 'X-Api-Key': tenant.apiKey, Authorization: `Bearer ${tenant.adminToken}` };
      const runner = t.app.get(RuleSetRunner);
      const evaluate = async (type: string) => runner.evaluateSelected(tenant.id, { type, lineItems: [] });
      const mk = async (name: string, body: Record<string, unknown>) =>
        (await t.http.post(base).set(auth).send({ name, ruleDefinitions: [custom(name, 1, { all: [] })], ...body })).body.data;

      expect(await evaluate('RECEIPT')).toEqual({ ruleSetId: null, result: { response: {}, trace: [], stoppedBy: null } });

      const both = await mk('both', { isActive: true });
      await new Promise((r) => setTimeout(r, 15));
      const ordersOnly = await mk('orders', { isActive: true, transactionTypes: ['ORDER'] });
      await new Promise((r) => setTimeout(r, 15));
      await mk('inactive', { isActive: false });

      expect((await evaluate('RECEIPT')).result.response).toEqual({ both: true });
      expect((await evaluate('ORDER')).result.response).toEqual({ orders: true });

      // touching the older set makes it the newest
      await new Promise((r) => setTimeout(r, 15));
      await t.http.patch(`${base}/${both.id}`).set(auth).send({ name: 'both (edited)' });
      expect((await evaluate('ORDER')).ruleSetId).toBe(both.id);

      await t.http.delete(`${base}/${both.id}`).set(auth);
      expect((await evaluate('ORDER')).ruleSetId).toBe(ordersOnly.id);
      expect(await evaluate('RECEIPT')).toEqual({ ruleSetId: null, result: { response: {}, trace: [], stoppedBy: null } });
      // another tenant's sets are never selected
      expect((await runner.evaluateSelected(acme.id, { type: 'ORDER' })).ruleSetId).not.toBe(ordersOnly.id);
    });
  });
});
