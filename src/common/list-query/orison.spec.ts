import fc from 'fast-check';
import { BadRequestError } from '../domain-error';
import { decodeOrison, MAX_FILTER_BYTES } from './orison';

/** Runs fn with every console method and both process streams replaced by recorders. */
function recordOutput(fn: () => void): string[] {
  const seen: string[] = [];
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void seen.push(`console.${m}: ${args.join(' ')}`)),
    ),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (seen.push(`stdout: ${String(chunk)}`), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (seen.push(`stderr: ${String(chunk)}`), true)),
  ];
  try {
    fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return seen;
}

function errorOf(fn: () => unknown): BadRequestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadRequestError) return err;
    throw new Error(`expected BadRequestError, got ${String(err)}`);
  }
  throw new Error('expected a BadRequestError, nothing was thrown');
}

const MALFORMED = [
  'a:',
  'a:,b:1',
  'a:)',
  '(',
  ')',
  'a:(',
  'a:(b:1',
  'a:1)',
  'a:1)(b:2',
  ',a:1',
  'a:1,',
  'a:1,,b:2',
  'a:(b:1 c:2)',
  'a',
  ':1',
  'a::1',
  "a:'unterminated",
  "a:'bad!escape'",
  'a:!',
  'a:!z',
  'a:!(1,2',
  'a:!(,1)',
  'a:!(1,,2)',
  'a:*',
  'a:@x',
  'a:$',
  'a:-',
  'a:1e',
  'a:1-2',
  'a:--1',
  ' ',
  'a: 1',
  '!t:1',
  '1:a',
  "'':(x:1),!n:2",
  '(a:1):2',
  '!(a):1',
  'a:1,a:2',
  'a:(b:1,b:2)',
  'a:!(' + '!('.repeat(30) + ')'.repeat(31),
  'a:' + '('.repeat(40) + ')'.repeat(40),
];

describe('decodeOrison', () => {
  it('decodes the O-Rison forms the filters use', () => {
    expect(decodeOrison('total:(gt:100)')).toEqual({ total: { gt: 100 } });
    expect(decodeOrison('status:(in:!(PENDING,REJECTED))')).toEqual({ status: { in: ['PENDING', 'REJECTED'] } });
    expect(decodeOrison("merchantName:(like:'%king%')")).toEqual({ merchantName: { like: '%king%' } });
    expect(decodeOrison('total:(gt:10,lt:20.5),a:(eq:-3e2)')).toEqual({ total: { gt: 10, lt: 20.5 }, a: { eq: -300 } });
    expect(decodeOrison("a:(eq:!t),b:(eq:!f),c:(eq:!n),d:(in:!()),e:(eq:'it!'s !!')")).toEqual({
      a: { eq: true },
      b: { eq: false },
      c: { eq: null },
      d: { in: [] },
      e: { eq: "it's !" },
    });
    expect(decodeOrison('')).toEqual({});
  });

  it('builds null-prototype objects', () => {
    const v = decodeOrison('a:(b:(c:1))') as Record<string, Record<string, Record<string, number>>>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.getPrototypeOf(v.a)).toBeNull();
    expect(Object.getPrototypeOf(v.a.b)).toBeNull();
    expect('toString' in v).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth and in any spelling', (key) => {
    for (const input of [`${key}:(a:1)`, `a:(${key}:(x:1))`, `a:(b:(${key}:1))`, `'${key}':(a:1)`, `a:!((${key}:1))`]) {
      const err = errorOf(() => decodeOrison(input));
      expect(err.message).toBe(`Invalid filter: key '${key}' is not allowed at position ${input.indexOf(key) - (input.includes(`'${key}'`) ? 1 : 0)}`);
    }
    expect(({} as Record<string, unknown>).a).toBeUndefined(); // nothing leaked into Object.prototype
  });

  it('keeps __proto__ text inside values (it is only data there)', () => {
    expect(decodeOrison("a:(eq:'__proto__')")).toEqual({ a: { eq: '__proto__' } });
  });

  it.each(['1e999', '-1e999', '1e400', '1-2', '1e'])('refuses the non-finite number %s', (n) => {
    expect(errorOf(() => decodeOrison(`a:(eq:${n})`)).message).toMatch(/^Invalid filter: '.*' is not a finite number at position 6$/);
  });

  it('refuses NUL bytes, control characters and broken Unicode', () => {
    expect(errorOf(() => decodeOrison("a:(eq:'x\u0000y')")).message).toBe('Invalid filter: NUL bytes are not allowed');
    expect(errorOf(() => decodeOrison('a\u0000:(eq:1)')).message).toBe('Invalid filter: NUL bytes are not allowed');
    expect(errorOf(() => decodeOrison("a:(eq:'x\ny')")).message).toBe('Invalid filter: control characters are not allowed');
    expect(errorOf(() => decodeOrison("a:(eq:'\ud800')")).message).toBe('Invalid filter: not well-formed Unicode');
    expect(decodeOrison("a:(eq:'Zoë 🍔')")).toEqual({ a: { eq: 'Zoë 🍔' } });
  });

  it('refuses input over 2 KB, counted in UTF-8 bytes', () => {
    const fits = `a:(eq:'${'x'.repeat(MAX_FILTER_BYTES - 9)}')`;
    expect(Buffer.byteLength(fits)).toBe(MAX_FILTER_BYTES);
    expect(() => decodeOrison(fits)).not.toThrow();
    expect(errorOf(() => decodeOrison(`${fits.slice(0, -2)}x')`)).message).toBe('Invalid filter: longer than 2048 bytes');
    // 700 three-byte characters: under 2048 characters, over 2048 bytes
    expect(errorOf(() => decodeOrison(`a:(eq:'${'€'.repeat(700)}')`)).message).toBe('Invalid filter: longer than 2048 bytes');
    expect(errorOf(() => decodeOrison('x'.repeat(1_000_000))).message).toBe('Invalid filter: longer than 2048 bytes');
  });

  it.each(MALFORMED)('turns malformed input %j into one BadRequestError', (input) => {
    const err = errorOf(() => decodeOrison(input));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/^Invalid filter: .+/);
    expect(err.errors).toEqual([{ path: 'filter', message: err.message.replace('Invalid filter: ', '') }]);
  });

  it('names the problem and its position', () => {
    expect(errorOf(() => decodeOrison('a:,b:1')).message).toBe("Invalid filter: unexpected character ',' at position 2");
    expect(errorOf(() => decodeOrison('a:1,a:2')).message).toBe("Invalid filter: duplicate key 'a' at position 4");
    expect(errorOf(() => decodeOrison("a:'x")).message).toBe('Invalid filter: unmatched "\'" at position 3');
    expect(errorOf(() => decodeOrison('a:1)(b:2')).message).toBe('Invalid filter: unexpected trailing input at position 5');
  });

  it('does not silently pick up an id further right (upstream non-sticky regexp)', () => {
    // upstream rison decodes `(a:@b)`-like input by reading `b` from a later position
    for (const input of ['a:*b', 'a:@b', 'a:$b', 'a: b']) expect(() => decodeOrison(input)).toThrow(BadRequestError);
  });

  it('never writes to the console or the process streams', () => {
    const output = recordOutput(() => {
      for (const input of [...MALFORMED, '__proto__:(a:1)', 'a:(eq:1e999)', "a:(eq:'\u0000')", 'x'.repeat(5000)]) {
        expect(() => decodeOrison(input)).toThrow(BadRequestError);
      }
    });
    expect(output).toEqual([]);
  });

  it('upstream rison itself does print (proof the spy works)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rison = require('rison') as { decode_object(s: string): unknown };
    const output = recordOutput(() => expect(() => rison.decode_object("a:'x")).toThrow());
    expect(output.length).toBeGreaterThan(0);
  });

  it('fails only with BadRequestError, silently, on arbitrary input (property)', () => {
    const risonish = fc.stringMatching(/^[a-z0-9_'!:(),*@$ %~.-]{0,60}$/);
    const output = recordOutput(() => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 80, unit: 'binary' }), risonish), (input) => {
          try {
            const v = decodeOrison(input);
            expect(Object.getPrototypeOf(v)).toBeNull();
          } catch (err) {
            expect(err).toBeInstanceOf(BadRequestError);
            expect((err as Error).message).toMatch(/^Invalid filter: /);
          }
        }),
        { numRuns: 3000 },
      );
    });
    expect(output).toEqual([]);
  });
});
