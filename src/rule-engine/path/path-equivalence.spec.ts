import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { CompiledPath } from './compiled-path';

/**
 * Property: for every path of our grammar and every JSON document, our evaluator returns exactly what
 * jsonpath-plus returns with `wrap: false`. Calling jsonpath-plus here is safe: the paths are generated
 * from the grammar, never written by a tenant.
 *
 * Excluded on purpose (documented divergences, both in filters only):
 * - an intermediate step of `@.a.b` that is missing or null: jsonpath-plus throws "Cannot read
 *   properties of undefined/null", we read `undefined` (SPEC: a missing field is not a match, no error);
 * - inherited members (`@.toString`, `@.map`, ...): jsonpath-plus's evaluator reads them, we read own
 *   properties only. The generated names below are never prototype members.
 */

const FILTER_KEY_A = "?(@.a==='x')";
const FILTER_KEY_B = '?(@.b)';

// Document keys include the jsonpath-plus specials `*` and filter texts, to exercise its literalPriority rule.
const docKey = fc.constantFrom('a', 'b', 'c', 'x', 'productId', 'unitPrice', 'length', '0', '1', '-1', 'a b', 'a-b', '_', '*', FILTER_KEY_A, FILTER_KEY_B);
const scalar = fc.oneof(
  fc.constantFrom('x', 'y', '', 'abc', 'P-1', 'it is', '1', '0', '12.2', 'true'),
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(1.5, -0.5, 0, 12.2),
  fc.boolean(),
  fc.constant(null),
);
const { json } = fc.letrec<{ json: unknown; item: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(docKey, tie('json'), { maxKeys: 5, noNullPrototype: true }),
    // Arrays of small records: what filters are for.
    fc.array(tie('item'), { maxLength: 5 }),
  ),
  item: fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'x', 'productId', 'unitPrice'), fc.oneof(scalar, scalar, tie('json')), { maxKeys: 4, noNullPrototype: true }) },
    { weight: 1, arbitrary: scalar },
  ),
}));
const items = fc.array(fc.oneof({ weight: 5, arbitrary: json.filter((v) => typeof v === 'object') }, { weight: 1, arbitrary: json }), { maxLength: 6 });
const document = fc.oneof(
  fc.dictionary(docKey, json, { maxKeys: 6, noNullPrototype: true }),
  fc.dictionary(fc.constantFrom('a', 'b', 'x'), items, { maxKeys: 3, noNullPrototype: true }),
  items,
);

const identifier = fc.constantFrom('a', 'b', 'c', 'x', 'productId', 'unitPrice', 'length', '_');
// Mostly one name: with more, jsonpath-plus throws whenever an item lacks the first one (excluded above).
const member = fc
  .oneof({ weight: 6, arbitrary: fc.array(identifier, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(identifier, { minLength: 2, maxLength: 3 }) })
  .map((names) => '@.' + names.join('.'));
const literal = fc.oneof(
  fc.constantFrom("'x'", "'y'", "''", "'abc'", '"x"', "'P-1'", "'it is'", "'a.b'", "'12.2'"),
  fc.constantFrom('0', '1', '2', '-1', '12.2', '1e1', '-0.5', 'true', 'false', 'null'),
);
const comparator = fc.constantFrom('===', '!==', '==', '!=', '<', '<=', '>', '>=');
const sp = fc.constantFrom('', ' ');

const { filter } = fc.letrec<{ filter: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    member,
    fc.tuple(member, sp, comparator, sp, literal).map((p) => p.join('')),
    fc.tuple(literal, sp, comparator, sp, member).map((p) => p.join('')),
    member.map((m) => '!' + m),
  ),
  filter: fc.oneof(
    { depthSize: 'small' },
    { weight: 4, arbitrary: tie('atom') },
    fc.tuple(tie('filter'), fc.constantFrom(' && ', '&&', ' || ', '||'), tie('filter')).map((p) => p.join('')),
    tie('filter').map((f) => '(' + f + ')'),
    tie('filter').map((f) => '!(' + f + ')'),
  ),
}));

const segment = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'x', 'productId', 'unitPrice', 'length', '_', 'a-b').map((n) => '.' + n),
  fc.constantFrom('a', 'b', 'a b', 'a-b', '0', '1').map((n) => `['${n}']`),
  fc.constantFrom('0', '1', '2', '-1', '01').map((n) => `[${n}]`),
  fc.constantFrom('[*]', '.*'),
  filter.map((f) => `[?(${f})]`),
);
const filteredPath = fc
  .tuple(
    fc.constantFrom('', '', '.a', "['a']", '.x', '[*]', '.*'),
    filter.map((f) => `[?(${f})]`),
    fc.constantFrom('', '', '', '.a', '.x', '[*]', '[0]', '.unitPrice', '.length'),
  )
  .map((parts) => '$' + parts.join(''));
const path = fc.oneof(fc.array(segment, { maxLength: 5 }).map((segments) => '$' + segments.join('')), filteredPath, filteredPath);

function jsonpathPlus(pathText: string, doc: unknown): { value: unknown } | 'threw-on-missing-intermediate' {
  try {
    return { value: JSONPath({ path: pathText, json: doc as object, wrap: false }) };
  } catch (error) {
    if (/Cannot read properties of (undefined|null)/.test(String(error))) return 'threw-on-missing-intermediate';
    throw error;
  }
}

describe('path evaluator equals jsonpath-plus (wrap: false)', () => {
  it('holds for generated paths and documents', () => {
    let compared = 0;
    let filteredHits = 0;
    fc.assert(
      fc.property(path, document, (pathText, doc) => {
        const expected = jsonpathPlus(pathText, doc);
        fc.pre(expected !== 'threw-on-missing-intermediate');
        compared++;
        const value = (expected as { value: unknown }).value;
        if (pathText.includes('?(') && value !== undefined) filteredHits++;
        expect(new CompiledPath(pathText).evaluate(doc)).toStrictEqual(value);
      }),
      { numRuns: 5000 },
    );
    // The generators must reach interesting cases, not only `undefined` on both sides.
    expect(compared).toBeGreaterThan(2000);
    expect(filteredHits).toBeGreaterThan(300);
  });

  it('holds for the BASKET shapes on line-item documents', () => {
    const lineItem = fc.record(
      { productId: fc.constantFrom('P1', 'P2', 'P3'), unitPrice: fc.constantFrom(1, 12.2, 10.2, '12.2', null) },
      { requiredKeys: [] },
    );
    const tx = fc.record({ transaction: fc.record({ lineItems: fc.array(lineItem, { maxLength: 6 }) }, { requiredKeys: [] }) });
    const shapes = fc.constantFrom(
      '$.transaction.lineItems[*].productId',
      "$.transaction.lineItems[?(@.productId==='P1')].unitPrice",
      "$.transaction.lineItems[?(@.productId==='P2' && @.unitPrice > 5)]",
      '$.transaction.lineItems[0].productId',
      '$.transaction.lineItems.length',
    );
    fc.assert(
      fc.property(shapes, tx, (pathText, doc) => {
        expect(new CompiledPath(pathText).evaluate(doc)).toStrictEqual(JSONPath({ path: pathText, json: doc, wrap: false }));
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees on hand-picked quirks of jsonpath-plus', () => {
    const doc = {
      a: [{ x: 1, '*': { q: 1 } }, { x: 2 }],
      s: 'abc',
      o: { '*': 5, b: { c: 1 } },
      n: null,
      t: { a: { '*': 9, k: 1 } },
    };
    const cases: Array<[string, unknown]> = [
      ['$', doc],
      ['$.a[-1]', undefined],
      ['$.a.length', 2],
      ['$.s.length', 3],
      ['$.s[0]', 'a'],
      ['$.s[*]', undefined],
      ['$.a[*][*]', [{ q: 1 }, 2]],
      ['$.o[*]', 5],
      ['$.o.*', 5],
      ['$.t.a[*]', [9, 1]],
      ['$.t.*[*]', [9]],
      ['$.a[?(@.x==1)]', [{ x: 1, '*': { q: 1 } }]],
      ['$.a[?(@.y==null)]', [{ x: 1, '*': { q: 1 } }, { x: 2 }]],
      ['$.a[?(@.x===1)].x', [1]],
      ['$.a[*].x', [1, 2]],
      ['$.n', null],
      ['$.n.x', undefined],
    ];
    for (const [p, expected] of cases) {
      expect(new CompiledPath(p).evaluate(doc)).toStrictEqual(expected);
      expect(JSONPath({ path: p, json: doc, wrap: false })).toStrictEqual(expected);
    }
  });

  it('reads a missing or null intermediate filter step as undefined instead of throwing', () => {
    const doc = { items: [{ y: null }, { y: { z: 1 } }, {}, null, 5] };
    expect(new CompiledPath('$.items[?(@.y.z==1)]').evaluate(doc)).toEqual([{ y: { z: 1 } }]);
    expect(new CompiledPath('$.items[?(@.y.z!=1)]').evaluate(doc)).toEqual([{ y: null }, {}, null, 5]);
    expect(() => JSONPath({ path: '$.items[?(@.y.z==1)]', json: doc, wrap: false })).toThrow(/Cannot read properties/);
  });

  it('never reads inherited members in filters', () => {
    const doc = { items: [{ a: 1 }, 'str', [1]] };
    expect(new CompiledPath('$.items[?(@.toString)]').evaluate(doc)).toBeUndefined();
    expect(new CompiledPath('$.items[?(@.length)]').evaluate(doc)).toEqual(['str', [1]]);
  });

  it('treats a filter comparison that throws on hostile coercion as no match', () => {
    const doc = { items: [{ a: { toString: 1, valueOf: 2 } }, { a: 'x' }] };
    expect(new CompiledPath("$.items[?(@.a=='x')]").evaluate(doc)).toEqual([{ a: 'x' }]);
  });
});
