import { TestApp, TestTenant, createTestApp } from './support/test-app';
import { expectFail, fieldPaths } from './support/expect';
import { expectSchema } from './support/schemas';
import { adminHeaders as admin, daysAgo, freshBarcode, preparsedClaim, userHeaders } from './receipts.fixtures';

/** What GET /receipts returns, as far as these tests look at it. */
interface Listed {
  id: string;
  status: string;
  paramountReview: { reason: string } | null;
  submitter: { authIdentifier: string };
  ocrConfidence: string;
  total?: number;
  subtotal?: number;
  barcode?: string;
  transactionId?: string;
  merchantName?: string;
  formatSlug?: string;
  locationIdentifier?: string;
  language?: string;
  serviceDate: string;
  servedAt: string;
  notionallyServedAt: string;
  createdAt: string;
  updatedAt: string;
  lineItems: Array<{ productId?: string }>;
  pictureUrl?: string;
}

interface Seed {
  key: string;
  merchant?: string;
  total?: string | null;
  subtotal?: string | null;
  format?: string;
  user: string;
  location?: string;
  language?: string;
  products?: Array<'P1' | 'P2'>;
  days: number;
  ocr?: number;
  defaultMode?: boolean;
}

const SEEDS: Seed[] = [
  { key: 'r0', merchant: 'Burger King', total: '10', subtotal: '9', format: 'fmt-a', user: 'u1', location: 'LOC-1', products: ['P1'], days: 1 },
  { key: 'r1', merchant: 'BURGER KING #2', total: '20.50', subtotal: '18', format: 'fmt-b', user: 'u2', location: 'LOC-2', products: ['P1', 'P2'], days: 2, language: 'fr' },
  { key: 'r2', merchant: 'king_size', total: '30', subtotal: null, format: 'fmt-a', user: 'u1', location: 'LOC-1', products: ['P2'], days: 3 },
  { key: 'r3', merchant: 'kingXsize', total: null, format: 'fmt-b', user: 'u3', days: 4 },
  { key: 'r4', merchant: 'Café Zoë', total: '100', subtotal: '95.5', user: 'u2', days: 5, ocr: 0.3 },
  { key: 'r5', merchant: '100% Burgers', total: '7.25', user: 'u1', days: 40 },
  { key: 'r6', user: 'u4', days: 0, defaultMode: true },
  ...[1, 2, 3, 4, 5].map((n) => ({ key: `g${n}`, merchant: 'Greggs', total: String(n), subtotal: String(n), format: 'fmt-c', user: `g-user-${n % 2}`, days: 1 + n / 10 })),
];

describe('receipts: list, sort, page and filter', () => {
  let t: TestApp;
  let shop: TestTenant;
  let other: TestTenant;
  const ids: Record<string, string> = {};
  const products: Record<string, string> = {};
  let all: Listed[];
  const list = (query: Record<string, string>, tenant = shop) => t.http.get('/receipts').query(query).set(admin(tenant));

  beforeAll(async () => {
    t = await createTestApp();
    shop = await t.createTenant('Shop');
    other = await t.createTenant('Other');
    for (const name of ['P1', 'P2']) {
      products[name] = (await t.http.post('/products').set(admin(shop)).send({ name: `Product ${name}`, identifiers: [`SKU-${name}`] })).body.data.id;
    }
    for (const s of SEEDS) {
      if (s.defaultMode) {
        const res = await t.http.post('/receipts').set(await userHeaders(shop, s.user)).send({ useParser: true, pictureUrl: 'https://example.com/x.jpg' });
        ids[s.key] = res.body.data.id;
        continue;
      }
      const body = preparsedClaim(
        {
          serviceDate: { value: daysAgo(Math.floor(s.days)), confidence: 1 },
          serviceTime: { value: `${String(10 + Math.round((s.days % 1) * 10)).padStart(2, '0')}:00`, confidence: 1 },
          merchantName: { value: s.merchant, confidence: 1 },
          total: s.total === null ? undefined : { value: s.total, confidence: 1 },
          subtotal: s.subtotal === null || s.subtotal === undefined ? undefined : { value: s.subtotal, confidence: 1 },
          formatSlug: s.format,
          locationIdentifier: s.location ? { value: s.location, confidence: 1 } : undefined,
          language: { value: s.language ?? 'en', confidence: 1 },
          ocrConfidence: s.ocr ?? 0.9,
          lineItems: (s.products ?? []).map((p) => ({ identifier: `SKU-${p}`, quantity: 1 })),
        },
        s.user,
      );
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const res = await t.http.post('/receipts').set(admin(shop)).send(body);
      expect(res.status).toBe(201);
      ids[s.key] = res.body.data.id;
      // the other tenant gets a look-alike of every receipt, which no query of the shop may return
      const twin = await t.http.post('/receipts').set(admin(other)).send({ ...body, barcode: { value: freshBarcode(), confidence: 1 } });
      expect(twin.status).toBe(201);
    }
    const res = await list({ limit: '100' });
    expect(res.status).toBe(200);
    all = res.body.data;
    expect(all).toHaveLength(SEEDS.length);
  });
  afterAll(async () => t.close());

  const byKey = (key: string) => all.find((r) => r.id === ids[key])!;
  const keysOf = (rows: Listed[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id) ?? `foreign:${r.id}`).sort();

  it('answers every receipt in the reference shape, newest first by default', async () => {
    const res = await list({});
    expectSchema('receipt-list', res.body);
    for (const r of res.body.data) expectSchema('receipt', { status: 'success', data: r });
    expect(res.body.data).toHaveLength(10);
    const created = all.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(byKey('r0')).toMatchObject({ status: 'AUTHORIZED', total: 10 });
    expect(byKey('r3')).toMatchObject({ status: 'PENDING', paramountReview: { reason: 'INSUFFICIENT_DATA' } });
    expect(byKey('r5')).toMatchObject({ status: 'REJECTED', paramountReview: { reason: 'INVALID_DATE' } });
    expect(byKey('r6')).toMatchObject({ status: 'PENDING', paramountReview: null });
  });

  // Each case: a filter and the model of what it means, evaluated on the full list.
  const lower = (s?: string) => (s ?? '').toLowerCase();
  const cases: Array<[string, (r: Listed) => boolean]> = [
    ['status:(eq:PENDING)', (r) => r.status === 'PENDING'],
    ['status:(neq:AUTHORIZED)', (r) => r.status !== 'AUTHORIZED'],
    ['status:(in:!(PENDING,REJECTED))', (r) => r.status !== 'AUTHORIZED'],
    ['reason:(eq:INSUFFICIENT_DATA)', (r) => r.paramountReview?.reason === 'INSUFFICIENT_DATA'],
    ['reason:(in:!(VALID_DATA,INVALID_DATE))', (r) => ['VALID_DATA', 'INVALID_DATE'].includes(r.paramountReview?.reason ?? '')],
    ["merchantName:(eq:'Burger King')", (r) => r.merchantName === 'Burger King'],
    ["merchantName:(neq:'Greggs')", (r) => r.merchantName !== 'Greggs'],
    ["merchantName:(in:!('Burger King',kingXsize,nobody))", (r) => ['Burger King', 'kingXsize'].includes(r.merchantName ?? '')],
    ["merchantName:(like:'%king%')", (r) => lower(r.merchantName).includes('king')],
    ["merchantName:(like:'%KING #2')", (r) => r.merchantName === 'BURGER KING #2'],
    ["merchantName:(like:'king_size')", (r) => r.merchantName === 'king_size'],
    ["merchantName:(like:'100%')", (r) => r.merchantName === '100% Burgers'],
    ["merchantName:(like:'%caf%')", (r) => r.merchantName === 'Café Zoë'],
    ['total:(eq:10)', (r) => r.total === 10],
    ["total:(eq:'20.50')", (r) => r.total === 20.5],
    ['total:(neq:10)', (r) => r.total !== 10],
    ['total:(gt:7.25)', (r) => r.total !== undefined && r.total > 7.25],
    ['total:(lt:5)', (r) => r.total !== undefined && r.total < 5],
    ['total:(gt:2,lt:30)', (r) => r.total !== undefined && r.total > 2 && r.total < 30],
    ['total:(in:!(1,3,100))', (r) => [1, 3, 100].includes(r.total ?? -1)],
    ['subtotal:(gt:9)', (r) => r.subtotal !== undefined && r.subtotal > 9],
    ['ocrConfidence:(lt:0.5)', (r) => r.ocrConfidence !== '' && Number(r.ocrConfidence) < 0.5],
    ['ocrConfidence:(gt:0.5)', (r) => r.ocrConfidence !== '' && Number(r.ocrConfidence) > 0.5],
    ['formatSlug:(eq:fmt-a)', (r) => r.formatSlug === 'fmt-a'],
    ['formatSlug:(neq:fmt-a)', (r) => r.formatSlug !== 'fmt-a'],
    ["formatSlug:(like:'FMT-%')", (r) => (r.formatSlug ?? '').startsWith('fmt-')],
    ['formatSlug:(in:!(fmt-b,fmt-c))', (r) => ['fmt-b', 'fmt-c'].includes(r.formatSlug ?? '')],
    ['locationIdentifier:(eq:LOC-1)', (r) => r.locationIdentifier === 'LOC-1'],
    ['locationIdentifier:(in:!(LOC-2))', (r) => r.locationIdentifier === 'LOC-2'],
    ["locationIdentifier:(like:'loc%')", (r) => (r.locationIdentifier ?? '').startsWith('LOC')],
    ['language:(eq:fr)', (r) => r.language === 'fr'],
    ['submitter:(eq:u1)', (r) => r.submitter.authIdentifier === 'u1'],
    ['submitter:(neq:u1)', (r) => r.submitter.authIdentifier !== 'u1'],
    ['submitter:(in:!(u2,u4))', (r) => ['u2', 'u4'].includes(r.submitter.authIdentifier)],
    ['useParser:(eq:!t)', (r) => r.pictureUrl !== undefined && r.serviceDate === ''],
    ['status:(eq:AUTHORIZED),total:(lt:3)', (r) => r.status === 'AUTHORIZED' && r.total !== undefined && r.total < 3],
  ];

  it.each(cases)('filter %s', async (filter, model) => {
    const res = await list({ filter, limit: '100' });
    expect(res.status).toBe(200);
    const expected = all.filter(model);
    // every case separates the seeded receipts, so a filter that is ignored or inverted fails
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(keysOf(res.body.data)).toEqual(keysOf(expected));
  });

  it('filters on identifiers and dates', async () => {
    const r0 = byKey('r0');
    const check = async (filter: string, model: (r: Listed) => boolean) => {
      const res = await list({ filter, limit: '100' });
      expect({ filter, status: res.status, keys: keysOf(res.body.data) }).toEqual({ filter, status: 200, keys: keysOf(all.filter(model)) });
    };
    await check(`id:(eq:'${r0.id}')`, (r) => r.id === r0.id);
    await check(`id:(in:!('${r0.id}','${byKey('r1').id}'))`, (r) => [r0.id, byKey('r1').id].includes(r.id));
    await check(`barcode:(eq:'${r0.barcode}')`, (r) => r.id === r0.id);
    await check(`transactionId:(eq:'${r0.transactionId}')`, (r) => r.id === r0.id);
    await check(`barcode:(like:'%')`, (r) => r.barcode !== undefined);
    await check(`serviceDate:(eq:'${daysAgo(3)}')`, (r) => r.serviceDate === daysAgo(3));
    await check(`serviceDate:(gt:'${daysAgo(3)}')`, (r) => r.serviceDate !== '' && r.serviceDate > daysAgo(3));
    await check(`serviceDate:(lt:'${daysAgo(3)}')`, (r) => r.serviceDate !== '' && r.serviceDate < daysAgo(3));
    await check(`servedAt:(lt:'${daysAgo(3)}T00:00:00Z')`, (r) => r.servedAt !== '' && r.servedAt < `${daysAgo(3)}T00:00:00.000Z`);
    await check(`notionallyServedAt:(gt:'${daysAgo(3)}')`, (r) => r.notionallyServedAt > `${daysAgo(3)}T00:00:00.000Z`);
    const pivot = byKey('r4').createdAt;
    await check(`createdAt:(gt:'${pivot}')`, (r) => r.createdAt > pivot);
    await check(`createdAt:(lt:'${pivot}')`, (r) => r.createdAt < pivot);
    await check(`createdAt:(eq:'${pivot}')`, (r) => r.createdAt === pivot);
    await check(`updatedAt:(gt:'${pivot}'),createdAt:(lt:'${pivot}')`, (r) => r.updatedAt > pivot && r.createdAt < pivot);
  });

  it('filters on matched products with has', async () => {
    const has = async (p: string) => keysOf((await list({ filter: `productIds:(has:'${p}')`, limit: '100' })).body.data);
    expect(await has(products.P1)).toEqual(['r0', 'r1']);
    expect(await has(products.P2)).toEqual(['r1', 'r2']);
    expect(await has('00000000-0000-4000-8000-000000000000')).toEqual([]);
    const combined = await list({ filter: `productIds:(has:'${products.P1}'),total:(gt:15)` });
    expect(keysOf(combined.body.data)).toEqual(['r1']);
  });

  it("never returns another tenant's receipts, whatever the filter", async () => {
    const theirs = (await list({ limit: '100' }, other)).body.data as Listed[];
    expect(theirs).toHaveLength(SEEDS.length - 1);
    const foreign = new Set(theirs.map((r) => r.id));
    for (const filter of ["merchantName:(like:'%')", "merchantName:(neq:'x')", `id:(in:!('${theirs[0].id}','${ids.r0}'))`, 'total:(gt:0)']) {
      const rows = (await list({ filter, limit: '100' })).body.data as Listed[];
      expect(rows.some((r) => foreign.has(r.id))).toBe(false);
    }
    expect((await list({ filter: `id:(eq:'${theirs[0].id}')` })).body.data).toEqual([]);
  });

  describe('sorting and paging', () => {
    const FIELDS = ['createdAt', 'updatedAt', 'notionallyServedAt', 'total', 'subtotal'] as const;

    /** The SPEC's order: by the field, NULLs last in both directions, ties by id in the same direction. */
    function model(field: (typeof FIELDS)[number], order: 'ASC' | 'DESC'): string[] {
      const dir = order === 'ASC' ? 1 : -1;
      const value = (r: Listed) => (r as unknown as Record<string, string | number | undefined>)[field];
      const cmp = (a: Listed, b: Listed) => {
        const va = value(a);
        const vb = value(b);
        if (va === undefined && vb === undefined) return dir * (a.id < b.id ? -1 : 1);
        if (va === undefined) return 1;
        if (vb === undefined) return -1;
        if (va !== vb) return dir * (va < vb ? -1 : 1);
        return dir * (a.id < b.id ? -1 : 1);
      };
      return [...all].sort(cmp).map((r) => r.id);
    }

    it.each(FIELDS.flatMap((f) => [[f, 'ASC'] as const, [f, 'DESC'] as const]))('sort=%s order=%s pages without overlap', async (sort, order) => {
      const seen: string[] = [];
      for (let skip = 0; skip < SEEDS.length + 5; skip += 5) {
        const res = await list({ sort, order, limit: '5', skip: String(skip) });
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBe(Math.max(0, Math.min(5, SEEDS.length - skip)));
        seen.push(...res.body.data.map((r: Listed) => r.id));
      }
      expect(seen).toEqual(model(sort, order));
      expect(new Set(seen).size).toBe(SEEDS.length);
    });

    it('accepts a lower-case order and defaults to createdAt DESC, limit 10', async () => {
      expect((await list({ order: 'asc', limit: '100' })).body.data.map((r: Listed) => r.id)).toEqual(model('createdAt', 'ASC'));
      expect((await list({})).body.data.map((r: Listed) => r.id)).toEqual(model('createdAt', 'DESC').slice(0, 10));
    });
  });

  describe('bad parameters are a 400 naming the parameter', () => {
    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ skip: '-1' }, 'skip'],
      [{ skip: '1.5' }, 'skip'],
      [{ sort: 'merchantName' }, 'sort'],
      [{ sort: 'createdAt; DROP TABLE receipts' }, 'sort'],
      [{ order: 'SIDEWAYS' }, 'order'],
      [{ page: '2' }, 'page'],
    ])('%j', async (query, path) => {
      const res = await list(query);
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual([path]);
    });

    it('a repeated parameter', async () => {
      const res = await t.http.get('/receipts?limit=1&limit=2').set(admin(shop));
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['limit']);
    });
  });

  describe('bad filters are a clean 400 on filter, logged nowhere', () => {
    const spies: jest.SpyInstance[] = [];
    beforeAll(() => {
      for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) spies.push(jest.spyOn(console, method));
    });
    afterAll(() => spies.forEach((s) => s.mockRestore()));
    afterEach(() => {
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    });

    it.each([
      ['password:(eq:x)', /unknown field 'password'/],
      ['merchantName:(regex:x)', /unknown operator 'regex'/],
      ['total:(like:1)', /operator 'like' is not allowed on field 'total'/],
      ['status:(gt:PENDING)', /operator 'gt' is not allowed on field 'status'/],
      ['merchantName:(has:x)', /operator 'has' is not allowed/],
      ['productIds:(eq:x)', /operator 'eq' is not allowed/],
      ['total:(gt:abc)', /'total' must be a finite number/],
      ["createdAt:(gt:'yesterday')", /'createdAt' must be an ISO 8601/],
      ["serviceDate:(eq:'2024-02-30')", /'serviceDate' must be an ISO 8601 date/],
      ['status:(eq:DONE)', /'status' must be one of PENDING, AUTHORIZED, REJECTED/],
      ["id:(eq:'not-a-uuid')", /'id' must be a UUID/],
      ['useParser:(eq:maybe)', /'useParser' must be a boolean/],
      ['total:(in:5)', /'in' on 'total' needs a list/],
      ['total:(in:!())', /needs at least one value/],
      [`total:(in:!(${Array.from({ length: 101 }, (_, i) => i).join(',')}))`, /at most 100 values/],
      ['merchantName:(like:5)', /'like' on 'merchantName' needs a quoted pattern/],
      ['merchantName:(eq:!n)', /null is not a filter value/],
      ['total:(gt:', /./],
      ['((((((', /./],
      ['total:gt:1', /./],
      ["merchantName:(eq:'unterminated)", /./],
      ['__proto__:(eq:1)', /./],
      ['constructor:(eq:1)', /./],
      ['merchantName:(__proto__:1)', /./],
      ['total:(gt:1e999)', /./],
      ["merchantName:(eq:'a\u0000b')", /./],
      ['('.repeat(500) + ')'.repeat(500), /./],
      ['total:(gt:1),total:(lt:2)', /./],
      ["merchantName:(eq:'x' OR '1'='1')", /./],
    ])('%j', async (filter, message) => {
      const res = await list({ filter });
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['filter']);
      expect(res.body.data.message).toMatch(message);
    });

    it('a filter over 2 KB', async () => {
      const res = await list({ filter: `merchantName:(eq:'${'x'.repeat(2100)}')` });
      expectFail(res, 400, 'BadRequestError');
      expect(fieldPaths(res)).toEqual(['filter']);
    });

    it('values that look like SQL are just values', async () => {
      for (const v of ["'; DROP TABLE receipts; --", '%\' OR 1=1 --', '\\', "x') OR ('1'='1"]) {
        const res = await list({ filter: `merchantName:(eq:'${v.replace(/!/g, '!!').replace(/'/g, "!'")}')` });
        expect(res.status).toBe(200);
        expect(res.body.data).toEqual([]);
      }
      expect((await list({ limit: '100' })).body.data).toHaveLength(SEEDS.length);
    });
  });
});
