import { BadRequestError } from '../domain-error';

/**
 * Hardened O-Rison decoding on top of npm `rison` (0.1.1).
 *
 * Upstream problems this wrapper removes (see node_modules/rison/js/rison.js):
 * - `parser.prototype.error` calls `console.log` with user input: we shadow `error` on our own parser
 *   instance, so nothing global is patched, not even for the duration of a call.
 * - the id reader uses a non-sticky /g regexp: in a position where no id starts it silently picks up an
 *   id further right, or dereferences `null` (the "odd TypeError"): we shadow `readValue` with a sticky copy.
 * - objects are built with `{}` and `o[k] = v`, so `__proto__` swaps the prototype and duplicate keys
 *   silently overwrite: we shadow the `(` reader to build null-prototype objects, refuse dangerous and
 *   duplicate keys and any key that is not a string.
 * - `1e999`, `1-2`, `1e` come out as Infinity/NaN: the number reader is wrapped to refuse them.
 * - error recovery continues after "missing ','"; we keep the first error only.
 * Everything else (grammar, string escapes, `!t !f !n !(...)`) is upstream's code.
 */

export const MAX_FILTER_BYTES = 2048;
export const MAX_ORISON_DEPTH = 16;

export type OrisonValue = string | number | boolean | null | OrisonValue[] | OrisonObject;
/** Always a null-prototype object: no inherited keys, `__proto__` can never be a setter. */
export interface OrisonObject {
  readonly [key: string]: OrisonValue;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

interface RisonParserInstance {
  string: string;
  index: number;
  message: string | null;
  table: Record<string, (this: RisonParserInstance) => unknown>;
  next(): string | undefined;
  readValue(): unknown;
  error(message: string): undefined;
  parse(str: string): unknown;
  // our own bookkeeping, on the instance only
  depth: number;
  errorIndex: number;
}
interface RisonModule {
  parser: {
    new (errcb: (message: string, index: number) => void): RisonParserInstance;
    prototype: RisonParserInstance;
  };
  next_id: RegExp;
}

// The package has no type declarations; a local interface keeps the import typed without a global
// `declare module` that could clash with one written elsewhere.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rison = require('rison') as RisonModule;

/** Same id grammar as upstream, but sticky: an id must start exactly where the reader stands. */
const STICKY_ID = new RegExp(rison.next_id.source, 'y');

const upstreamTable = rison.parser.prototype.table;

class OrisonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(detail);
  }
}

function fail(detail: string): never {
  throw new BadRequestError(`Invalid filter: ${detail}`, [{ path: 'filter', message: detail }]);
}

function enter(p: RisonParserInstance): boolean {
  p.depth += 1;
  if (p.depth > MAX_ORISON_DEPTH) {
    p.error(`nesting deeper than ${MAX_ORISON_DEPTH} levels`);
    return false;
  }
  return true;
}

/** Reader table for our parser instances: upstream readers, with `(`, `!` and numbers replaced/wrapped. */
const safeTable: RisonParserInstance['table'] = Object.assign(Object.create(null), upstreamTable, {
  '(': function readObject(this: RisonParserInstance): unknown {
    if (!enter(this)) return undefined;
    const o: Record<string, unknown> = Object.create(null);
    let c: string | undefined;
    let count = 0;
    while ((c = this.next()) !== ')') {
      if (!c) return this.error("unmatched '('");
      if (count) {
        if (c !== ',') return this.error("missing ','");
      } else if (c === ',') {
        return this.error("extra ','");
      } else {
        --this.index;
      }
      const keyStart = this.index;
      const k = this.readValue();
      if (typeof k === 'undefined') return undefined;
      if (typeof k !== 'string') return this.error('a key must be a name or a quoted string');
      if (FORBIDDEN_KEYS.has(k)) {
        this.index = keyStart;
        return this.error(`key '${k}' is not allowed`);
      }
      if (Object.prototype.hasOwnProperty.call(o, k)) {
        this.index = keyStart;
        return this.error(`duplicate key '${k}'`);
      }
      if (this.next() !== ':') return this.error("missing ':'");
      const v = this.readValue();
      if (typeof v === 'undefined') return undefined;
      o[k] = v;
      count++;
    }
    this.depth -= 1;
    return o;
  },
  '!': function readBang(this: RisonParserInstance): unknown {
    // only `!(` nests; `!t !f !n` and errors go straight to upstream
    if (this.string.charAt(this.index) !== '(') return upstreamTable['!'].call(this);
    if (!enter(this)) return undefined;
    const v = upstreamTable['!'].call(this);
    this.depth -= 1;
    return v;
  },
});
for (const c of '-0123456789') {
  safeTable[c] = function readNumber(this: RisonParserInstance): unknown {
    const start = this.index - 1;
    const n = upstreamTable['-'].call(this);
    if (typeof n === 'number' && !Number.isFinite(n)) {
      const text = this.string.slice(start, Math.min(this.index, start + 24));
      this.index = start;
      return this.error(`'${text}' is not a finite number`);
    }
    return n;
  };
}

function silentError(this: RisonParserInstance, message: string): undefined {
  // keep the first error: upstream keeps parsing after some errors and would overwrite it
  if (this.message == null) {
    this.message = message;
    this.errorIndex = this.index;
  }
  return undefined;
}

function stickyReadValue(this: RisonParserInstance): unknown {
  const c = this.next();
  const reader = c && this.table[c];
  if (reader) return reader.apply(this);
  const i = this.index - 1;
  if (!c) return this.error('unexpected end of input');
  STICKY_ID.lastIndex = i;
  const m = STICKY_ID.exec(this.string);
  if (m) {
    this.index = i + m[0].length;
    return m[0];
  }
  this.index = i;
  return this.error(`unexpected character '${c}'`);
}

function newParser(): RisonParserInstance {
  const p = new rison.parser((message: string) => {
    throw new OrisonSyntaxError(message, p.errorIndex);
  });
  // own properties shadow the prototype for this instance only
  p.error = silentError;
  p.readValue = stickyReadValue;
  p.table = safeTable;
  p.depth = 0;
  p.errorIndex = 0;
  return p;
}

/**
 * Decodes an O-Rison string (the body of an object without its parentheses, e.g. `a:(gt:1),b:x`).
 * Returns null-prototype objects. Every failure is one BadRequestError whose message starts with
 * `Invalid filter:`; nothing is ever written to the console.
 */
export function decodeOrison(raw: string): OrisonObject {
  if (typeof raw !== 'string') fail('must be a string');
  if (Buffer.byteLength(raw, 'utf8') > MAX_FILTER_BYTES) fail(`longer than ${MAX_FILTER_BYTES} bytes`);
  if (raw.includes('\u0000')) fail('NUL bytes are not allowed');
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(raw)) fail('control characters are not allowed');
  if (LONE_SURROGATE.test(raw)) fail('not well-formed Unicode');

  const parser = newParser();
  let value: unknown;
  try {
    value = parser.parse(`(${raw})`);
  } catch (err) {
    if (err instanceof OrisonSyntaxError) {
      const detail = err.detail.startsWith('unable to parse string as rison') ? 'unexpected trailing input' : err.detail;
      // -1: position in the caller's string, without the parenthesis we added
      const pos = Math.min(Math.max(err.position - 1, 0), raw.length);
      fail(`${detail} at position ${pos}`);
    }
    // the upstream code has no other throw sites we know of; anything else is still a clean 400
    fail('malformed O-Rison');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('malformed O-Rison');
  return value as OrisonObject;
}
