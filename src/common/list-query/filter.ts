import { Brackets, type SelectQueryBuilder, type WhereExpressionBuilder } from 'typeorm';
import { BadRequestError } from '../domain-error';
import { decodeOrison, type OrisonValue } from './orison';

/**
 * Typed list filters: `field:(op:value),...` (SPEC section 8).
 *
 * parseFilter turns the user's O-Rison into FilterCondition[] checked against a per-resource FilterSpec;
 * applyFilter turns those into SQL with column names taken only from the spec and values only as bound
 * parameters named by us (f0, f1, ...).
 *
 * Semantics worth knowing:
 * - several fields, and several operators on one field, combine with AND;
 * - `neq` also matches rows where the field is NULL ("not equal to X" includes "no value");
 *   eq/gt/lt/in/like never match NULL;
 * - `like`: `%` is the only wildcard; `_` and `\` are literal (escaped with `ESCAPE '\'`), there is no
 *   way to match a literal `%`. Case-insensitive via `LOWER(col) LIKE LOWER(:p)`; SQLite's LOWER folds
 *   ASCII only, PostgreSQL's follows the database locale, so non-ASCII case folding may differ;
 * - `has` tests membership in an array field through the spec's own `hasSql` (a correlated EXISTS);
 * - `null` (`!n`) is never a valid value;
 * - datetime: `YYYY-MM-DDTHH:mm[:ss[.fraction]](Z|±HH:MM)`, or a date alone meaning 00:00 UTC; becomes a Date.
 *   Bind it against timestamptz columns on PostgreSQL (a Date sent to `timestamp` is read in local time);
 * - date: `YYYY-MM-DD`, stays a string; number: a finite number or a decimal string (`'12.50'`);
 *   uuid: 8-4-4-4-12 hex, lower-cased; boolean: `!t`/`!f` or `'true'`/`'false'`.
 */

export type FilterOperator = 'eq' | 'neq' | 'gt' | 'lt' | 'in' | 'has' | 'like';
export type FieldType = 'string' | 'number' | 'datetime' | 'date' | 'enum' | 'uuid' | 'boolean';

export interface FilterFieldSpec {
  type: FieldType;
  /** Which operators this field accepts. */
  operators: FilterOperator[];
  /** Entity property name on the query alias (default: the field name). Never comes from user input. */
  column?: string;
  enumValues?: readonly string[];
  /**
   * For `has` on an array field: a correlated EXISTS built by the caller's spec, e.g.
   * (alias, param) => `EXISTS (SELECT 1 FROM receipt_products rp WHERE rp.receipt_id = ${alias}.id AND rp.product_id = :${param})`
   */
  hasSql?: (alias: string, param: string) => string;
}

export type FilterSpec = Readonly<Record<string, FilterFieldSpec>>;

export interface FilterCondition {
  field: string;
  op: FilterOperator;
  value: unknown;
}

export const FILTER_OPERATORS: readonly FilterOperator[] = ['eq', 'neq', 'gt', 'lt', 'in', 'has', 'like'];
export const MAX_IN_ITEMS = 100;
export const MAX_LIKE_PATTERN_LENGTH = 256;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const ORDERING_TYPES: ReadonlySet<FieldType> = new Set(['string', 'number', 'datetime', 'date']);

function fail(message: string): never {
  throw new BadRequestError(`Invalid filter: ${message}`, [{ path: 'filter', message }]);
}

/** User text echoed in messages: bounded, so an error never carries the whole 2 KB back. */
function shown(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 40)}...` : text}'`;
}

function isOperator(op: string): op is FilterOperator {
  return (FILTER_OPERATORS as readonly string[]).includes(op);
}

function ownField(spec: FilterSpec, field: string): FilterFieldSpec | undefined {
  return Object.prototype.hasOwnProperty.call(spec, field) ? spec[field] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// spec validation: programmer errors, thrown as plain Errors (a 500), checked once per spec object

const validSpecs = new WeakSet<object>();

export function assertValidFilterSpec(spec: FilterSpec): void {
  if (validSpecs.has(spec)) return;
  for (const [field, fs] of Object.entries(spec)) {
    const where = `FilterSpec field '${field}'`;
    if (!IDENTIFIER.test(field)) throw new Error(`${where}: name must be an identifier`);
    if (fs.column !== undefined && !PROPERTY_PATH.test(fs.column)) throw new Error(`${where}: bad column`);
    if (!fs.operators.length) throw new Error(`${where}: no operators`);
    for (const op of fs.operators) {
      if (!isOperator(op)) throw new Error(`${where}: unknown operator ${op}`);
      if (op === 'has' && typeof fs.hasSql !== 'function') throw new Error(`${where}: 'has' needs hasSql`);
      if (op === 'like' && fs.type !== 'string') throw new Error(`${where}: 'like' needs a string field`);
      if ((op === 'gt' || op === 'lt') && !ORDERING_TYPES.has(fs.type)) {
        throw new Error(`${where}: '${op}' makes no sense on a ${fs.type} field`);
      }
    }
    if (fs.type === 'enum' && !fs.enumValues?.length) throw new Error(`${where}: enum needs enumValues`);
  }
  validSpecs.add(spec);
}

// ---------------------------------------------------------------------------------------------------
// value coercion

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(0);
  probe.setUTCFullYear(y, m - 1, d);
  return probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function parseDateTime(text: string): Date | undefined {
  const dateOnly = DATE.exec(text);
  if (dateOnly) {
    const [y, m, d] = dateOnly.slice(1, 4).map(Number);
    if (!validDate(y, m, d)) return undefined;
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return date;
  }
  const match = DATETIME.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi] = match.slice(1, 6).map(Number);
  const s = match[6] === undefined ? 0 : Number(match[6]);
  const ms = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (match[8] !== 'Z') {
    const oh = Number(match[10]);
    const om = Number(match[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

function coerceScalar(field: string, fs: FilterFieldSpec, raw: OrisonValue): unknown {
  const bad = (expected: string): never => fail(`value for '${field}' must be ${expected}`);
  if (raw === null) bad('given (null is not a filter value)');
  if (typeof raw === 'object') bad('a single value, not an array or object');
  switch (fs.type) {
    case 'string':
      if (typeof raw !== 'string') return bad(`a string (quote it: '${String(raw)}')`);
      return raw;
    case 'number':
      if (typeof raw === 'number') return raw; // finiteness is guaranteed by decodeOrison
      if (typeof raw === 'string' && DECIMAL.test(raw)) return Number(raw);
      return bad('a finite number');
    case 'datetime': {
      const date = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      return date ?? bad('an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z, or a date');
    }
    case 'date': {
      const m = typeof raw === 'string' ? DATE.exec(raw) : null;
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return bad('an ISO 8601 date, e.g. 2024-05-01');
      return raw;
    }
    case 'enum':
      if (typeof raw !== 'string' || !fs.enumValues!.includes(raw)) return bad(`one of ${fs.enumValues!.join(', ')}`);
      return raw;
    case 'uuid':
      if (typeof raw !== 'string' || !UUID.test(raw)) return bad('a UUID');
      return raw.toLowerCase();
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return bad('a boolean (!t or !f)');
  }
}

function coerceOperand(field: string, fs: FilterFieldSpec, op: FilterOperator, raw: OrisonValue): unknown {
  switch (op) {
    case 'in': {
      if (!Array.isArray(raw)) fail(`'in' on '${field}' needs a list, e.g. ${field}:(in:!(a,b))`);
      if (raw.length === 0) fail(`'in' on '${field}' needs at least one value`);
      if (raw.length > MAX_IN_ITEMS) fail(`'in' on '${field}' takes at most ${MAX_IN_ITEMS} values`);
      return raw.map((item) => coerceScalar(field, fs, item));
    }
    case 'like':
      if (typeof raw !== 'string') fail(`'like' on '${field}' needs a quoted pattern, e.g. '%text%'`);
      if (raw.length > MAX_LIKE_PATTERN_LENGTH) {
        fail(`'like' pattern on '${field}' is longer than ${MAX_LIKE_PATTERN_LENGTH} characters`);
      }
      return raw;
    default:
      return coerceScalar(field, fs, raw);
  }
}

// ---------------------------------------------------------------------------------------------------

/** Throws BadRequestError (message `Invalid filter: ...`) naming the field, operator or value at fault. */
export function parseFilter(raw: string | undefined, spec: FilterSpec): FilterCondition[] {
  assertValidFilterSpec(spec);
  if (raw === undefined || raw === '') return [];
  const decoded = decodeOrison(raw);
  const conditions: FilterCondition[] = [];
  for (const field of Object.keys(decoded)) {
    const fs = ownField(spec, field);
    if (!fs) {
      const allowed = Object.keys(spec);
      fail(`unknown field ${shown(field)}${allowed.length ? ` (filterable: ${allowed.join(', ')})` : ''}`);
    }
    const ops = decoded[field];
    if (ops === null || typeof ops !== 'object' || Array.isArray(ops)) {
      fail(`field '${field}' must be written as ${field}:(operator:value)`);
    }
    const opNames = Object.keys(ops);
    if (!opNames.length) fail(`field '${field}' has no operator`);
    for (const op of opNames) {
      if (!isOperator(op)) fail(`unknown operator ${shown(op)} on field '${field}'`);
      if (!fs.operators.includes(op)) {
        fail(`operator '${op}' is not allowed on field '${field}' (allowed: ${fs.operators.join(', ')})`);
      }
      conditions.push({ field, op, value: coerceOperand(field, fs, op, ops[op]) });
    }
  }
  return conditions;
}

/** `like` pattern -> SQL pattern for `ESCAPE '\'`: `%` stays a wildcard, `_` and `\` become literal. */
export function toSqlLikePattern(pattern: string): string {
  return pattern.replace(/[\\_]/g, (c) => `\\${c}`);
}

function nextParamName(taken: Set<string>): string {
  for (let i = 0; ; i++) {
    const name = `f${i}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/**
 * Adds one `andWhere(Brackets(...))` holding every condition, so no user condition can combine with the
 * caller's own where (the tenant condition) other than by AND. Parameter names skip any already set on
 * `qb`; set your own parameters before calling this, or use names other than f<n>.
 */
export function applyFilter(
  qb: SelectQueryBuilder<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  alias: string,
  conditions: FilterCondition[],
  spec: FilterSpec,
): void {
  assertValidFilterSpec(spec);
  if (!IDENTIFIER.test(alias)) throw new Error(`applyFilter: bad alias`);
  if (!conditions.length) return;
  const taken = new Set(Object.keys(qb.getParameters()));
  const clauses = conditions.map((c) => {
    const fs = ownField(spec, c.field);
    if (!fs || !fs.operators.includes(c.op)) throw new Error(`applyFilter: condition not allowed by the spec`);
    const col = `${alias}.${fs.column ?? c.field}`;
    const p = nextParamName(taken);
    switch (c.op) {
      case 'eq':
        return { sql: `${col} = :${p}`, params: { [p]: c.value } };
      case 'neq':
        return { sql: `(${col} <> :${p} OR ${col} IS NULL)`, params: { [p]: c.value } };
      case 'gt':
        return { sql: `${col} > :${p}`, params: { [p]: c.value } };
      case 'lt':
        return { sql: `${col} < :${p}`, params: { [p]: c.value } };
      case 'in': {
        if (!Array.isArray(c.value) || !c.value.length) throw new Error(`applyFilter: 'in' needs a non-empty array`);
        // one named parameter per item rather than `:...p`: TypeORM's SQLite driver converts Dates and
        // booleans only for scalar parameters, not for the items of a spread array
        const names = [p, ...(c.value as unknown[]).slice(1).map(() => nextParamName(taken))];
        const params = Object.fromEntries(names.map((n, i) => [n, (c.value as unknown[])[i]]));
        return { sql: `${col} IN (${names.map((n) => `:${n}`).join(', ')})`, params };
      }
      case 'like':
        return {
          sql: `LOWER(${col}) LIKE LOWER(:${p}) ESCAPE '\\'`,
          params: { [p]: toSqlLikePattern(String(c.value)) },
        };
      case 'has':
        return { sql: `(${fs.hasSql!(alias, p)})`, params: { [p]: c.value } };
    }
  });
  qb.andWhere(
    new Brackets((where: WhereExpressionBuilder) => {
      for (const clause of clauses) where.andWhere(clause.sql, clause.params);
    }),
  );
}
