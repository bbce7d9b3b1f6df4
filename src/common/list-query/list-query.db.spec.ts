import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { Column, DataSource, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, type SelectQueryBuilder } from 'typeorm';
import { applyFilter, parseFilter, type FilterSpec } from './filter';
import { applyListQuery, parseListQuery, type ListQuerySpec } from './list-query';

/**
 * The filters and list ordering against real databases: SQLite (better-sqlite3, in memory) and
 * PostgreSQL (postgres://postgres@127.0.0.1:5432/test, in a throwaway schema; SKIP_PG_UNIT=1 skips it).
 * A tiny throwaway entity with synchronize, allowed in unit tests only.
 */

type Kind = 'sqlite' | 'postgres';
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

function makeEntities(kind: Kind) {
  const uuid = kind === 'postgres' ? 'uuid' : 'varchar';
  const timestamp = kind === 'postgres' ? 'timestamptz' : 'datetime';

  @Entity({ name: 'lq_items' })
  class Item {
    @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
    @Column({ type: 'varchar', length: 40 }) tenantId!: string;
    @Column({ type: 'varchar', length: 100, nullable: true }) name!: string | null;
    @Column({ type: 'varchar', length: 20 }) status!: string;
    @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true }) total!: string | number | null;
    @Column({ type: timestamp }) createdAt!: Date;
    @Column({ type: 'date', nullable: true }) servedOn!: string | null;
    @Column({ type: uuid, nullable: true }) ref!: string | null;
    @Column({ type: 'boolean' }) active!: boolean;
    @OneToMany(() => ItemProduct, (p) => p.item) products!: ItemProduct[];
  }

  @Entity({ name: 'lq_item_products' })
  class ItemProduct {
    @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
    @Column({ type: 'varchar', length: 40, name: 'product_id' }) productId!: string;
    @ManyToOne(() => Item, (i) => i.products) @JoinColumn({ name: 'item_id' }) item!: Item;
  }
  return { Item, ItemProduct };
}

const STATUSES = ['PENDING', 'AUTHORIZED', 'REJECTED'] as const;

const FILTERS: FilterSpec = {
  id: { type: 'string', operators: ['eq', 'in'] },
  name: { type: 'string', operators: ['eq', 'neq', 'like', 'in'] },
  status: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: STATUSES },
  total: { type: 'number', operators: ['eq', 'neq', 'gt', 'lt', 'in'] },
  createdAt: { type: 'datetime', operators: ['eq', 'gt', 'lt', 'in'] },
  servedOn: { type: 'date', operators: ['eq', 'gt', 'lt'] },
  ref: { type: 'uuid', operators: ['eq', 'in'] },
  active: { type: 'boolean', operators: ['eq', 'neq', 'in'] },
  productIds: {
    type: 'string',
    operators: ['has'],
    hasSql: (alias, param) =>
      `EXISTS (SELECT 1 FROM lq_item_products ip WHERE ip.item_id = ${alias}.id AND ip.product_id = :${param})`,
  },
};
const LIST: ListQuerySpec = { filter: FILTERS, sort: ['createdAt', 'total', 'name'] };

const U1 = '6f1c1f0e-8a43-4c55-9d1e-6c4a3b2a1001';
const U2 = '6f1c1f0e-8a43-4c55-9d1e-6c4a3b2a1002';

interface Row {
  id: string;
  tenantId: string;
  name: string | null;
  status: string;
  total: number | null;
  createdAt: string;
  servedOn: string | null;
  ref: string | null;
  active: boolean;
  products: string[];
}
const row = (r: Partial<Row> & Pick<Row, 'id' | 'tenantId'>): Row => ({
  name: null,
  status: 'PENDING',
  total: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  servedOn: null,
  ref: null,
  active: true,
  products: [],
  ...r,
});

const ROWS: Row[] = [
  row({ id: 'a01', tenantId: 't1', name: 'Burger King', total: 10, createdAt: '2024-01-01T10:00:00.000Z', servedOn: '2024-01-01', ref: U1, products: ['P1', 'P2'] }),
  row({ id: 'a02', tenantId: 't1', name: 'BURGER KING #2', status: 'AUTHORIZED', total: 20.5, createdAt: '2024-01-02T10:00:00.000Z', servedOn: '2024-01-02', ref: U2, active: false, products: ['P2'] }),
  row({ id: 'a03', tenantId: 't1', name: 'king_size', status: 'REJECTED', total: 30, createdAt: '2024-01-03T10:00:00.000Z' }),
  row({ id: 'a04', tenantId: 't1', name: 'kingXsize', createdAt: '2024-01-04T10:00:00.000Z', servedOn: '2024-01-04', active: false, products: ['P3'] }),
  row({ id: 'a05', tenantId: 't1', status: 'AUTHORIZED', total: 5, createdAt: '2024-01-05T10:00:00.000Z', products: ['P1'] }),
  row({ id: 'a06', tenantId: 't1', name: 'Café Zoë', total: 100, createdAt: '2024-01-06T10:00:00.500Z' }),
  row({ id: 'a07', tenantId: 't1', name: '100% Burgers', status: 'REJECTED', total: 7.25, createdAt: '2024-01-07T10:00:00.000Z' }),
  // the other tenant: look-alikes of t1 rows that no t1 query may ever return
  row({ id: 'b01', tenantId: 't2', name: 'Burger King', total: 10, createdAt: '2024-01-01T10:00:00.000Z', ref: U1, products: ['P1'] }),
  row({ id: 'b02', tenantId: 't2', name: 'king', status: 'REJECTED', total: 30, createdAt: '2024-01-03T10:00:00.000Z' }),
  row({ id: 'b03', tenantId: 't2', total: 5, createdAt: '2024-01-05T10:00:00.000Z' }),
  // t3: many equal sort values for paging, some NULL totals for null ordering
  ...Array.from({ length: 25 }, (_, i) =>
    row({
      id: `c${String(i).padStart(2, '0')}`,
      tenantId: 't3',
      name: `item ${i % 3}`,
      total: i % 4 === 0 ? null : i % 5,
      createdAt: '2024-03-01T00:00:00.000Z',
      products: Array.from({ length: i % 4 }, (_, k) => `Q${k}`),
    }),
  ),
];

const T1_IDS = ROWS.filter((r) => r.tenantId === 't1').map((r) => r.id);

function suite(kind: Kind, connect: () => Promise<DataSource>, cleanup: () => Promise<void>) {
  let ds: DataSource;
  let Item: ReturnType<typeof makeEntities>['Item'];

  beforeAll(async () => {
    ds = await connect();
    Item = ds.getMetadata('lq_items').target as typeof Item;
    const ItemProduct = ds.getMetadata('lq_item_products').target as ReturnType<typeof makeEntities>['ItemProduct'];
    for (const r of ROWS) {
      const { products, ...columns } = r;
      await ds.getRepository(Item).insert({ ...columns, createdAt: new Date(r.createdAt) });
      for (const [k, productId] of products.entries()) {
        await ds.getRepository(ItemProduct).insert({ id: `${r.id}-${k}`, productId, item: { id: r.id } });
      }
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await cleanup();
  });

  const scoped = (tenantId: string): SelectQueryBuilder<InstanceType<typeof Item>> =>
    ds.getRepository(Item).createQueryBuilder('i').where('i.tenantId = :tenantId', { tenantId });

  async function idsFor(filter: string, tenantId = 't1'): Promise<string[]> {
    const qb = scoped(tenantId);
    applyFilter(qb, 'i', parseFilter(filter, FILTERS), FILTERS);
    const items = await qb.orderBy('i.id', 'ASC').getMany();
    return items.map((i) => i.id);
  }

  it.each<[string, string[]]>([
    ['', T1_IDS],
    ['id:(eq:a03)', ['a03']],
    ['total:(eq:10)', ['a01']],
    ["total:(eq:'20.50')", ['a02']],
    ['total:(neq:10)', ['a02', 'a03', 'a04', 'a05', 'a06', 'a07']], // a04 has no total: neq includes NULL
    ['total:(gt:10,lt:50)', ['a02', 'a03']],
    ['total:(gt:7.25)', ['a01', 'a02', 'a03', 'a06']],
    ['total:(in:!(5,30,999))', ['a03', 'a05']],
    ["name:(eq:'Burger King')", ['a01']], // eq stays case-sensitive
    ["name:(neq:'Burger King')", ['a02', 'a03', 'a04', 'a05', 'a06', 'a07']],
    ["name:(in:!('Burger King',kingXsize))", ['a01', 'a04']],
    ["name:(like:'%king%')", ['a01', 'a02', 'a03', 'a04']],
    ["name:(like:'%KING%')", ['a01', 'a02', 'a03', 'a04']],
    ["name:(like:'burger king')", ['a01']],
    ["name:(like:'%king #2')", ['a02']],
    ["name:(like:'king_size')", ['a03']], // `_` is literal, so kingXsize does not match
    ["name:(like:'king%size')", ['a03', 'a04']],
    ["name:(like:'100%')", ['a07']],
    ["name:(like:'%caf%')", ['a06']],
    ["name:(like:'%')", ['a01', 'a02', 'a03', 'a04', 'a06', 'a07']], // like never matches NULL
    ["name:(like:'%!'; DROP TABLE lq_items; --%')", []],
    ['status:(eq:PENDING)', ['a01', 'a04', 'a06']],
    ['status:(neq:PENDING)', ['a02', 'a03', 'a05', 'a07']],
    ['status:(in:!(AUTHORIZED,REJECTED))', ['a02', 'a03', 'a05', 'a07']],
    ["createdAt:(gt:'2024-01-03T10:00:00Z')", ['a04', 'a05', 'a06', 'a07']],
    ["createdAt:(gt:'2024-01-03T11:00:00+01:00')", ['a04', 'a05', 'a06', 'a07']],
    ["createdAt:(lt:'2024-01-02')", ['a01']],
    ["createdAt:(gt:'2024-01-02',lt:'2024-01-05')", ['a02', 'a03', 'a04']],
    ["createdAt:(eq:'2024-01-06T10:00:00.500Z')", ['a06']],
    ["createdAt:(in:!('2024-01-01T10:00:00Z','2024-01-07T11:00:00+01:00'))", ['a01', 'a07']],
    ["servedOn:(eq:'2024-01-02')", ['a02']],
    ["servedOn:(gt:'2024-01-01')", ['a02', 'a04']],
    ["servedOn:(lt:'2024-01-04')", ['a01', 'a02']],
    [`ref:(eq:'${U1.toUpperCase()}')`, ['a01']],
    [`ref:(in:!('${U1}','${U2}'))`, ['a01', 'a02']],
    ['active:(eq:!t)', ['a01', 'a03', 'a05', 'a06', 'a07']],
    ['active:(eq:false)', ['a02', 'a04']],
    ['active:(neq:!t)', ['a02', 'a04']],
    ['active:(in:!(!f))', ['a02', 'a04']],
    ['productIds:(has:P1)', ['a01', 'a05']],
    ['productIds:(has:P2),total:(gt:15)', ['a02']],
    ['productIds:(has:P9)', []],
  ])(`${kind}: %s`, async (filter, expected) => {
    expect(await idsFor(filter)).toEqual(expected);
  });

  it(`${kind}: user conditions cannot return another tenant's rows`, async () => {
    expect(await idsFor("name:(like:'%king%')", 't2')).toEqual(['b01', 'b02']);
    expect(await idsFor('id:(in:!(a01,b01,b02,b03))')).toEqual(['a01']);
    expect(await idsFor("name:(neq:'zzz')")).toEqual(T1_IDS); // neq's OR IS NULL stays inside the bracket
    expect(await idsFor("name:(like:'%'),status:(neq:REJECTED)")).toEqual(['a01', 'a02', 'a04', 'a06']);
    expect(await idsFor('productIds:(has:P1)')).toEqual(['a01', 'a05']); // b01 has P1 too
    expect(await idsFor("name:(eq:'x!' OR !'1!'=!'1')")).toEqual([]);
  });

  it(`${kind}: the user conditions are one AND-ed bracket with generated parameter names`, async () => {
    const qb = scoped('t1');
    applyFilter(qb, 'i', parseFilter("name:(neq:x,like:'%k%'),total:(in:!(1,2))", FILTERS), FILTERS);
    const sql = qb.getQuery();
    expect(sql).toMatch(/WHERE "i"\."tenantId" = :tenantId AND \(\("i"\."name" <> :f0 OR "i"\."name" IS NULL\) AND LOWER\("i"\."name"\) LIKE LOWER\(:f1\) ESCAPE '\\' AND "i"\."total" IN \(:f2, :f3\)\)/);
    expect(Object.keys(qb.getParameters()).sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'tenantId']);
  });

  it(`${kind}: parameter names never collide with the caller's`, async () => {
    const qb = ds.getRepository(Item).createQueryBuilder('i').where('i.tenantId = :f0', { f0: 't2' });
    applyFilter(qb, 'i', parseFilter("name:(like:'%king%')", FILTERS), FILTERS);
    expect(Object.keys(qb.getParameters()).sort()).toEqual(['f0', 'f1']);
    expect((await qb.orderBy('i.id').getMany()).map((i) => i.id)).toEqual(['b01', 'b02']);
  });

  async function page(params: Record<string, string>, join = false): Promise<string[]> {
    const qb = scoped('t3');
    if (join) qb.leftJoinAndSelect('i.products', 'prod');
    applyListQuery(qb, 'i', parseListQuery(params, LIST), LIST);
    return (await qb.getMany()).map((i) => i.id);
  }

  it.each([false, true])(`${kind}: pages never overlap with equal sort values (join: %s)`, async (join) => {
    const all = ROWS.filter((r) => r.tenantId === 't3').map((r) => r.id);
    for (const order of ['DESC', 'ASC']) {
      const seen: string[] = [];
      for (let skip = 0; skip < 28; skip += 7) {
        const ids = await page({ sort: 'createdAt', order, limit: '7', skip: String(skip) }, join);
        expect(ids).toHaveLength(Math.min(7, 25 - skip));
        seen.push(...ids);
      }
      expect(seen).toEqual(order === 'ASC' ? all : [...all].reverse()); // ties broken by id, same direction
      expect(await page({ order, limit: '7', skip: '25' }, join)).toEqual([]);
    }
  });

  it.each([false, true])(`${kind}: NULLs sort last in both directions (join: %s)`, async (join) => {
    const t3 = ROWS.filter((r) => r.tenantId === 't3');
    const expected = (order: 'ASC' | 'DESC') => {
      const dir = order === 'ASC' ? 1 : -1;
      const withTotal = t3
        .filter((r) => r.total !== null)
        .sort((a, b) => dir * (a.total! - b.total!) || dir * a.id.localeCompare(b.id))
        .map((r) => r.id);
      const without = t3.filter((r) => r.total === null).map((r) => r.id);
      return [...withTotal, ...(order === 'ASC' ? without : without.reverse())];
    };
    for (const order of ['ASC', 'DESC'] as const) {
      const got: string[] = [];
      for (let skip = 0; skip < 25; skip += 10) got.push(...(await page({ sort: 'total', order, limit: '10', skip: String(skip) }, join)));
      expect(got).toEqual(expected(order));
    }
  });

  it(`${kind}: list query with a filter, sorted by a nullable string`, async () => {
    const qb = scoped('t1');
    applyListQuery(qb, 'i', parseListQuery({ sort: 'name', order: 'asc', filter: 'total:(lt:25)', limit: '3' }, LIST), LIST);
    // a05 has no name: last; a07 '100% Burgers' < 'BURGER KING #2' < 'Burger King' in binary order
    expect((await qb.getMany()).map((i) => i.id)).toEqual(['a07', 'a02', 'a01']);
    expect((await qb.skip(3).getMany()).map((i) => i.id)).toEqual(['a05']);
  });
}

describe('list query on SQLite (better-sqlite3)', () => {
  const { Item, ItemProduct } = makeEntities('sqlite');
  suite(
    'sqlite',
    () => new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Item, ItemProduct], synchronize: true }).initialize(),
    async () => undefined,
  );
});

const skipPg = process.env.SKIP_PG_UNIT === '1';
(skipPg ? describe.skip : describe)(
  skipPg ? 'list query on PostgreSQL: SKIPPED because SKIP_PG_UNIT=1' : 'list query on PostgreSQL',
  () => {
    const { Item, ItemProduct } = makeEntities('postgres');
    const schema = `lq_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    suite(
      'postgres',
      async () => {
        await admin(`CREATE SCHEMA "${schema}"`);
        return new DataSource({
          type: 'postgres',
          url: PG_URL,
          schema,
          entities: [Item, ItemProduct],
          synchronize: true,
          // unqualified table names in hasSql resolve in the throwaway schema
          extra: { options: `-c search_path=${schema}`, max: 2 },
        }).initialize();
      },
      () => admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
    );
  },
);
