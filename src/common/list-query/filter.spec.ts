import { BadRequestError } from '../domain-error';
import { parseFilter, toSqlLikePattern, type FilterSpec } from './filter';

const SPEC: FilterSpec = {
  total: { type: 'number', operators: ['eq', 'neq', 'gt', 'lt', 'in'] },
  merchantName: { type: 'string', operators: ['eq', 'neq', 'like', 'in'] },
  status: { type: 'enum', operators: ['eq', 'neq', 'in'], enumValues: ['PENDING', 'AUTHORIZED', 'REJECTED'] },
  createdAt: { type: 'datetime', operators: ['gt', 'lt', 'eq'] },
  serviceDate: { type: 'date', operators: ['eq', 'gt', 'lt'] },
  id: { type: 'uuid', operators: ['eq', 'in'] },
  isAutomated: { type: 'boolean', operators: ['eq', 'neq'] },
  productIds: { type: 'string', operators: ['has'], hasSql: (a, p) => `EXISTS (SELECT 1 FROM x WHERE x.o = ${a}.id AND x.p = :${p})` },
};

function message(raw: string, spec: FilterSpec = SPEC): string {
  try {
    parseFilter(raw, spec);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestError);
    return (err as BadRequestError).message;
  }
  throw new Error(`no error for ${raw}`);
}

function recordOutput(fn: () => void): string[] {
  const seen: string[] = [];
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void seen.push(`console.${m}: ${args.join(' ')}`)),
    ),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (seen.push(String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (seen.push(String(chunk)), true)),
  ];
  try {
    fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return seen;
}

describe('parseFilter', () => {
  it('returns no conditions for an absent or empty filter', () => {
    expect(parseFilter(undefined, SPEC)).toEqual([]);
    expect(parseFilter('', SPEC)).toEqual([]);
  });

  it('parses every operator', () => {
    expect(parseFilter('total:(eq:5),merchantName:(neq:Acme)', SPEC)).toEqual([
      { field: 'total', op: 'eq', value: 5 },
      { field: 'merchantName', op: 'neq', value: 'Acme' },
    ]);
    expect(parseFilter('total:(gt:10,lt:20)', SPEC)).toEqual([
      { field: 'total', op: 'gt', value: 10 },
      { field: 'total', op: 'lt', value: 20 },
    ]);
    expect(parseFilter('status:(in:!(PENDING,REJECTED))', SPEC)).toEqual([
      { field: 'status', op: 'in', value: ['PENDING', 'REJECTED'] },
    ]);
    expect(parseFilter("merchantName:(like:'%king%')", SPEC)).toEqual([{ field: 'merchantName', op: 'like', value: '%king%' }]);
    expect(parseFilter("productIds:(has:'P1')", SPEC)).toEqual([{ field: 'productIds', op: 'has', value: 'P1' }]);
  });

  describe('value types', () => {
    it('number: finite numbers and decimal strings', () => {
      expect(parseFilter("total:(gt:-1.5,lt:'12.50')", SPEC).map((c) => c.value)).toEqual([-1.5, 12.5]);
      expect(parseFilter('total:(in:!(1,2e2))', SPEC)[0].value).toEqual([1, 200]);
      expect(message("total:(eq:'12abc')")).toBe("Invalid filter: value for 'total' must be a finite number");
      expect(message('total:(eq:abc)')).toBe("Invalid filter: value for 'total' must be a finite number");
      expect(message('total:(eq:!t)')).toBe("Invalid filter: value for 'total' must be a finite number");
      expect(message('total:(eq:1e999)')).toBe("Invalid filter: '1e999' is not a finite number at position 10");
    });

    it('string: strings only, numbers must be quoted', () => {
      expect(parseFilter("merchantName:(eq:'123')", SPEC)[0].value).toBe('123');
      expect(message('merchantName:(eq:123)')).toBe("Invalid filter: value for 'merchantName' must be a string (quote it: '123')");
    });

    it('null is never a value', () => {
      expect(message('merchantName:(eq:!n)')).toBe(
        "Invalid filter: value for 'merchantName' must be given (null is not a filter value)",
      );
      expect(message('status:(in:!(PENDING,!n))')).toMatch(/null is not a filter value/);
    });

    it('datetime: strict ISO 8601 with a zone, or a date alone, becomes a Date', () => {
      const value = (raw: string) => (parseFilter(`createdAt:(gt:'${raw}')`, SPEC)[0].value as Date).toISOString();
      expect(value('2024-05-01T12:00:00Z')).toBe('2024-05-01T12:00:00.000Z');
      expect(value('2024-05-01T12:00Z')).toBe('2024-05-01T12:00:00.000Z');
      expect(value('2024-05-01T12:00:00.123456+02:00')).toBe('2024-05-01T10:00:00.123Z');
      expect(value('2024-05-01T00:30:00-01:30')).toBe('2024-05-01T02:00:00.000Z');
      expect(value('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
      expect(value('0099-01-01T00:00:00Z')).toBe('0099-01-01T00:00:00.000Z');
      for (const bad of [
        '2024-05-01T12:00:00', // no zone
        '2024-05-01 12:00:00Z',
        '2024-5-1',
        '2023-02-29',
        '2024-13-01',
        '2024-04-31T00:00:00Z',
        '2024-05-01T24:00:00Z',
        '2024-05-01T12:60:00Z',
        '2024-05-01T12:00:60Z',
        '2024-05-01T12:00:00+24:00',
        '2024-05-01t12:00:00z',
        'yesterday',
        '1714564800',
        '0000-01-01',
      ]) {
        expect(message(`createdAt:(gt:'${bad}')`)).toBe(
          "Invalid filter: value for 'createdAt' must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z, or a date",
        );
      }
      expect(message('createdAt:(gt:1714564800)')).toMatch(/must be an ISO 8601 date-time/);
    });

    it('date: YYYY-MM-DD, kept as a string', () => {
      expect(parseFilter("serviceDate:(eq:'2024-02-29')", SPEC)[0].value).toBe('2024-02-29');
      for (const bad of ['2023-02-29', '2024-05-01T00:00:00Z', '20240501', '2024-00-10']) {
        expect(message(`serviceDate:(eq:'${bad}')`)).toBe("Invalid filter: value for 'serviceDate' must be an ISO 8601 date, e.g. 2024-05-01");
      }
    });

    it('enum: only the listed values, exact case', () => {
      expect(message('status:(eq:pending)')).toBe("Invalid filter: value for 'status' must be one of PENDING, AUTHORIZED, REJECTED");
      expect(message('status:(in:!(PENDING,BOGUS))')).toMatch(/must be one of/);
    });

    it('uuid: 8-4-4-4-12 hex, lower-cased', () => {
      expect(parseFilter("id:(eq:'0E1B7C1A-1111-4AAA-8BBB-0123456789AB')", SPEC)[0].value).toBe(
        '0e1b7c1a-1111-4aaa-8bbb-0123456789ab',
      );
      for (const bad of ['123', "'0e1b7c1a11114aaa8bbb0123456789ab'", "'0e1b7c1a-1111-4aaa-8bbb-0123456789ag'", "'x' OR 1=1"]) {
        expect(message(`id:(eq:${bad})`)).toMatch(/^Invalid filter: /);
      }
    });

    it('boolean: !t/!f or true/false', () => {
      expect(parseFilter('isAutomated:(eq:!t)', SPEC)[0].value).toBe(true);
      expect(parseFilter('isAutomated:(neq:false)', SPEC)[0].value).toBe(false);
      expect(message('isAutomated:(eq:1)')).toBe("Invalid filter: value for 'isAutomated' must be a boolean (!t or !f)");
    });
  });

  describe('operator errors', () => {
    it('unknown field, named', () => {
      expect(message('bogus:(eq:1)')).toBe(
        "Invalid filter: unknown field 'bogus' (filterable: total, merchantName, status, createdAt, serviceDate, id, isAutomated, productIds)",
      );
      expect(message('toString:(eq:1)')).toMatch(/^Invalid filter: unknown field 'toString'/);
      expect(message('hasOwnProperty:(eq:1)')).toMatch(/^Invalid filter: unknown field 'hasOwnProperty'/);
    });

    it('unknown operator, and an operator not allowed on the field', () => {
      expect(message('total:(gte:1)')).toBe("Invalid filter: unknown operator 'gte' on field 'total'");
      expect(message('total:(like:1)')).toBe("Invalid filter: operator 'like' is not allowed on field 'total' (allowed: eq, neq, gt, lt, in)");
      expect(message('merchantName:(has:x)')).toMatch(/operator 'has' is not allowed on field 'merchantName'/);
    });

    it('field without operator object', () => {
      expect(message('total:5')).toBe("Invalid filter: field 'total' must be written as total:(operator:value)");
      expect(message('total:!(1)')).toMatch(/must be written as/);
      expect(message('total:()')).toBe("Invalid filter: field 'total' has no operator");
    });

    it('in: a non-empty list of at most 100', () => {
      expect(message('total:(in:5)')).toBe("Invalid filter: 'in' on 'total' needs a list, e.g. total:(in:!(a,b))");
      expect(message('total:(in:!())')).toBe("Invalid filter: 'in' on 'total' needs at least one value");
      const list = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
      expect(parseFilter(`total:(in:!(${list(100)}))`, SPEC)[0].value).toHaveLength(100);
      expect(message(`total:(in:!(${list(101)}))`)).toBe("Invalid filter: 'in' on 'total' takes at most 100 values");
      expect(message('total:(in:!(1,!(2)))')).toBe("Invalid filter: value for 'total' must be a single value, not an array or object");
    });

    it('like: a string pattern', () => {
      expect(message('merchantName:(like:!(a))')).toBe("Invalid filter: 'like' on 'merchantName' needs a quoted pattern, e.g. '%text%'");
      expect(message(`merchantName:(like:'${'%'.repeat(257)}')`)).toMatch(/longer than 256 characters/);
    });

    it('has and scalar operators take one value', () => {
      expect(message('productIds:(has:!(P1,P2))')).toMatch(/must be a single value/);
      expect(message('total:(eq:(a:1))')).toMatch(/must be a single value/);
    });
  });

  describe('hostile input', () => {
    const hostile: Array<[string, RegExp]> = [
      ["total'--:(eq:1)", /^Invalid filter: missing ':' at position 6$/],
      ['total"--:(eq:1)', /^Invalid filter: unknown field 'total"--'/],
      ['total;DROP:(eq:1)', /^Invalid filter: unknown field 'total;DROP'/],
      ["merchantName:(eq:'1'; DROP TABLE x')", /^Invalid filter: /],
      ['__proto__:(eq:1)', /key '__proto__' is not allowed/],
      ['total:(__proto__:1)', /key '__proto__' is not allowed/],
      ['constructor:(eq:1)', /key 'constructor' is not allowed/],
      ["total:(eq:'1\u0000')", /NUL bytes/],
      ['total:(eq:1e999)', /not a finite number/],
      [`merchantName:(eq:'${'a'.repeat(3000)}')`, /longer than 2048 bytes/],
      [`${'a'.repeat(60)}:(eq:1)`, /^Invalid filter: unknown field 'a{40}\.\.\.' /],
    ];
    it.each(hostile)('%j', (raw, expected) => {
      expect(message(raw)).toMatch(expected);
    });

    it('an injection-shaped value is just a value', () => {
      expect(parseFilter("merchantName:(eq:'1; DROP TABLE x')", SPEC)).toEqual([
        { field: 'merchantName', op: 'eq', value: '1; DROP TABLE x' },
      ]);
      expect(parseFilter("merchantName:(eq:':f0 OR 1=1')", SPEC)[0].value).toBe(':f0 OR 1=1');
    });

    it('prints nothing', () => {
      const output = recordOutput(() => {
        for (const [raw] of hostile) expect(() => parseFilter(raw, SPEC)).toThrow(BadRequestError);
        for (const raw of ['a:', 'total:(in:!(1,2', "x:'", 'total:(eq:)']) expect(() => parseFilter(raw, SPEC)).toThrow(BadRequestError);
      });
      expect(output).toEqual([]);
    });
  });

  it('refuses a broken spec as a programmer error (plain Error, not a 400)', () => {
    const broken = (spec: FilterSpec) => () => parseFilter(undefined, spec);
    expect(broken({ a: { type: 'number', operators: ['like'] } })).toThrow("'like' needs a string field");
    expect(broken({ a: { type: 'string', operators: ['has'] } })).toThrow("'has' needs hasSql");
    expect(broken({ a: { type: 'enum', operators: ['eq'] } })).toThrow('enum needs enumValues');
    expect(broken({ a: { type: 'boolean', operators: ['gt'] } })).toThrow("'gt' makes no sense");
    expect(broken({ a: { type: 'string', operators: ['eq'], column: 'x; DROP' } })).toThrow('bad column');
    expect(broken({ 'a-b': { type: 'string', operators: ['eq'] } })).toThrow('name must be an identifier');
    expect(broken({ a: { type: 'string', operators: ['eq'], column: 'x; DROP' } })).not.toThrow(BadRequestError);
  });
});

describe('toSqlLikePattern', () => {
  it('keeps % as the wildcard and makes _ and \\ literal', () => {
    expect(toSqlLikePattern('%king%')).toBe('%king%');
    expect(toSqlLikePattern('a_b')).toBe('a\\_b');
    expect(toSqlLikePattern('a\\%')).toBe('a\\\\%');
  });
});
