import { BadRequestError } from '../domain-error';
import { parseListQuery, type ListQuerySpec } from './list-query';

const SPEC: ListQuerySpec = {
  sort: ['createdAt', 'updatedAt', 'notionallyServedAt', 'total', 'subtotal'],
  filter: { total: { type: 'number', operators: ['gt', 'lt'] } },
};

function failure(params: Record<string, unknown>): { message: string; path: string } {
  try {
    parseListQuery(params, SPEC);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestError);
    const e = err as BadRequestError;
    expect(e.errors).toHaveLength(1);
    return { message: e.message, path: e.errors![0].path };
  }
  throw new Error(`no error for ${JSON.stringify(params)}`);
}

describe('parseListQuery', () => {
  it('applies the defaults', () => {
    expect(parseListQuery({}, SPEC)).toEqual({ limit: 10, skip: 0, sort: 'createdAt', order: 'DESC', filter: [] });
  });

  it('reads every parameter', () => {
    expect(parseListQuery({ limit: '100', skip: '40', sort: 'total', order: 'ASC', filter: 'total:(gt:5)' }, SPEC)).toEqual({
      limit: 100,
      skip: 40,
      sort: 'total',
      order: 'ASC',
      filter: [{ field: 'total', op: 'gt', value: 5 }],
    });
    expect(parseListQuery({ limit: 1, skip: 0 }, SPEC)).toMatchObject({ limit: 1, skip: 0 });
  });

  it('accepts the order in any case', () => {
    expect(parseListQuery({ order: 'asc' }, SPEC).order).toBe('ASC');
    expect(parseListQuery({ order: 'Desc' }, SPEC).order).toBe('DESC');
  });

  it('supports a mapping from API sort names to entity properties and another default', () => {
    const spec: ListQuerySpec = { sort: { newest: 'createdAt', total: 'total' }, defaultSort: 'newest', filter: {} };
    expect(parseListQuery({}, spec).sort).toBe('newest');
    expect(() => parseListQuery({ sort: 'createdAt' }, spec)).toThrow("Invalid query parameter 'sort': must be one of newest, total");
  });

  it.each([
    [{ limit: '0' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: '101' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: '-1' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: '1.5' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: '1e1' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: ' 5' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: '' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: 'ten' }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: 10.5 }, 'limit', 'must be an integer from 1 to 100'],
    [{ limit: ['1', '2'] }, 'limit', 'must be given once'],
    [{ limit: { a: '1' } }, 'limit', 'must be a single value'],
    [{ skip: '-1' }, 'skip', 'must be an integer from 0 to 9007199254740991'],
    [{ skip: '99999999999999999999' }, 'skip', 'must be an integer from 0 to 9007199254740991'],
    [{ skip: '0x10' }, 'skip', 'must be an integer from 0 to 9007199254740991'],
    [{ sort: 'name' }, 'sort', 'must be one of createdAt, updatedAt, notionallyServedAt, total, subtotal'],
    [{ sort: 'total; DROP TABLE x' }, 'sort', 'must be one of createdAt, updatedAt, notionallyServedAt, total, subtotal'],
    [{ sort: '__proto__' }, 'sort', 'must be one of createdAt, updatedAt, notionallyServedAt, total, subtotal'],
    [{ sort: 'constructor' }, 'sort', 'must be one of createdAt, updatedAt, notionallyServedAt, total, subtotal'],
    [{ order: 'UP' }, 'order', 'must be ASC or DESC'],
    [{ order: 'ASC NULLS FIRST' }, 'order', 'must be ASC or DESC'],
    [{ order: ['ASC', 'DESC'] }, 'order', 'must be given once'],
    [{ filter: ['a', 'b'] }, 'filter', 'must be given once'],
    [{ filter: { total: 'x' } }, 'filter', 'must be a single value'],
  ])('%j is a 400 naming %s', (params, path, detail) => {
    expect(failure(params)).toEqual({ message: `Invalid query parameter '${path}': ${detail}`, path });
  });

  it('passes filter errors through', () => {
    expect(failure({ filter: 'bogus:(eq:1)' })).toEqual({ message: "Invalid filter: unknown field 'bogus' (filterable: total)", path: 'filter' });
    expect(failure({ filter: 'total:(gt:' }).path).toBe('filter');
  });

  it('refuses a default sort that is not sortable (programmer error)', () => {
    expect(() => parseListQuery({}, { sort: ['total'], filter: {} })).toThrow("default sort 'createdAt' is not sortable");
  });
});
