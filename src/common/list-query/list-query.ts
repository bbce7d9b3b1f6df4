import type { SelectQueryBuilder } from 'typeorm';
import { BadRequestError } from '../domain-error';
import { applyFilter, assertValidFilterSpec, parseFilter, type FilterCondition, type FilterSpec } from './filter';

/**
 * The list parameters shared by receipts, orders and events (SPEC section 5):
 * `limit` 1..100 (default 10), `skip` >= 0 (default 0), `sort` from the resource's allow-list (default
 * createdAt), `order` ASC|DESC (default DESC; lower case accepted), `filter` O-Rison (see filter.ts).
 *
 * Ordering: `sort` then the id in the same direction, so equal sort values never make pages overlap;
 * NULLs always sort last, in both directions, on SQLite (>= 3.30) and PostgreSQL alike (their defaults
 * disagree: PostgreSQL puts NULL first in DESC, SQLite first in ASC).
 */

export type SortOrder = 'ASC' | 'DESC';

export interface ListQuerySpec {
  filter: FilterSpec;
  /** Allowed `sort` values: names equal to entity properties, or API name -> entity property. */
  sort: readonly string[] | Readonly<Record<string, string>>;
  /** Default `createdAt`; must be one of `sort`. */
  defaultSort?: string;
  /** Entity property used as tie-breaker; default `id`. */
  idColumn?: string;
}

export interface ListQuery {
  limit: number;
  skip: number;
  sort: string;
  order: SortOrder;
  filter: FilterCondition[];
}

/** Raw query-string values as Express hands them over (strings, repeated keys as arrays, qs objects). */
export interface RawListParams {
  limit?: unknown;
  skip?: unknown;
  sort?: unknown;
  order?: unknown;
  filter?: unknown;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

const DIGITS = /^\d{1,16}$/;
const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fail(path: string, message: string): never {
  throw new BadRequestError(`Invalid query parameter '${path}': ${message}`, [{ path, message }]);
}

function single(name: string, value: unknown): string | number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) fail(name, 'must be given once');
  return fail(name, 'must be a single value');
}

function integer(name: string, value: unknown, def: number, min: number, max: number): number {
  const v = single(name, value);
  if (v === undefined) return def;
  const n = typeof v === 'number' ? v : DIGITS.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) fail(name, `must be an integer from ${min} to ${max}`);
  return n;
}

function sortColumns(spec: ListQuerySpec): Readonly<Record<string, string>> {
  return Array.isArray(spec.sort)
    ? Object.fromEntries((spec.sort as readonly string[]).map((name) => [name, name]))
    : (spec.sort as Readonly<Record<string, string>>);
}

export function parseListQuery(params: RawListParams, spec: ListQuerySpec): ListQuery {
  const columns = sortColumns(spec);
  const defaultSort = spec.defaultSort ?? 'createdAt';
  if (!Object.prototype.hasOwnProperty.call(columns, defaultSort)) {
    throw new Error(`ListQuerySpec: default sort '${defaultSort}' is not sortable`);
  }
  assertValidFilterSpec(spec.filter);

  const limit = integer('limit', params.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
  const skip = integer('skip', params.skip, 0, 0, Number.MAX_SAFE_INTEGER);

  const rawSort = single('sort', params.sort);
  const sort = rawSort === undefined ? defaultSort : String(rawSort);
  if (!Object.prototype.hasOwnProperty.call(columns, sort)) {
    fail('sort', `must be one of ${Object.keys(columns).join(', ')}`);
  }

  const rawOrder = single('order', params.order);
  const order = rawOrder === undefined ? 'DESC' : String(rawOrder).toUpperCase();
  if (order !== 'ASC' && order !== 'DESC') fail('order', 'must be ASC or DESC');

  const rawFilter = single('filter', params.filter);
  if (typeof rawFilter === 'number') fail('filter', 'must be O-Rison, e.g. total:(gt:100)');
  const filter = parseFilter(rawFilter, spec.filter);

  return { limit, skip, sort, order, filter };
}

/**
 * Adds the filter (as one AND-ed bracket), `ORDER BY sort NULLS LAST, id` and paging. Replaces any
 * ORDER BY already on `qb`. Paging uses TypeORM's skip/take: with no join it is a plain LIMIT/OFFSET,
 * with joins TypeORM pages on distinct root ids, so a page always holds `limit` root entities
 * (limit/offset would cut through joined rows instead).
 */
export function applyListQuery<T extends object>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  query: ListQuery,
  spec: ListQuerySpec,
): SelectQueryBuilder<T> {
  if (!IDENTIFIER.test(alias)) throw new Error('applyListQuery: bad alias');
  const columns = sortColumns(spec);
  if (!Object.prototype.hasOwnProperty.call(columns, query.sort)) throw new Error('applyListQuery: sort not allowed');
  const column = columns[query.sort];
  const idColumn = spec.idColumn ?? 'id';
  if (!PROPERTY_PATH.test(column) || !PROPERTY_PATH.test(idColumn)) throw new Error('applyListQuery: bad column');
  const order: SortOrder = query.order === 'ASC' ? 'ASC' : 'DESC';

  applyFilter(qb, alias, query.filter, spec.filter);
  qb.orderBy(`${alias}.${column}`, order, 'NULLS LAST');
  if (column !== idColumn) qb.addOrderBy(`${alias}.${idColumn}`, order);
  qb.skip(query.skip).take(query.limit);
  return qb;
}
