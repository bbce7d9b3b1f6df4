import { parsePath } from './path-parser';
import { PathSyntaxError } from './path-syntax.error';

function rejection(path: unknown): string {
  try {
    parsePath(path);
  } catch (error) {
    expect(error).toBeInstanceOf(PathSyntaxError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${String(path)}`);
}

describe('parsePath', () => {
  it.each([
    '$',
    '$.transaction.lineItems[*].productId',
    "$.transaction.lineItems[?(@.productId==='c94074f6-42e2-413a-a803-edff365b1b62')].unitPrice",
    "$['transaction']['line items'][0]",
    '$.a[-1]',
    '$.a.*.b',
    '$.a[?(@.x && (@.y > 1 || !@.z))]',
    '$.a[?(1 <= @.x.y)]',
    '$.a[?(!(@.x === "a b.c:d,e;f#g$h%i~j^k"))]',
    '$.a[?(@.x == null && @.y != true && @.z !== false)]',
    '$.a[?(@.x >= -1.5e3)]',
    '$.a_b-c[*]',
  ])('accepts %s', (path) => {
    expect(parsePath(path).source).toBe(path);
  });

  it('builds the AST the evaluator needs', () => {
    expect(parsePath("$.items[?(@.a.b === 'x' || !@.c)].d").segments).toEqual([
      { kind: 'name', name: 'items' },
      {
        kind: 'filter',
        source: "?(@.a.b === 'x' || !@.c)",
        expression: {
          kind: 'or',
          operands: [
            { kind: 'compare', member: ['a', 'b'], operator: '===', literal: 'x', memberOnLeft: true },
            { kind: 'not', operand: { kind: 'truthy', member: ['c'] } },
          ],
        },
      },
      { kind: 'name', name: 'd' },
    ]);
    expect(parsePath('$.a[?(@.x && @.y || @.z)]').segments[1]).toMatchObject({
      expression: { kind: 'or', operands: [{ kind: 'and' }, { kind: 'truthy', member: ['z'] }] },
    });
  });

  it.each<[string, RegExp]>([
    ['$..a', /recursive descent/],
    ['$.a..b', /recursive descent/],
    ['$[(@.length-1)]', /script expressions/],
    ['$.a[0:2]', /slices/],
    ['$.a[0,1]', /unions/],
    ["$['a','b']", /expected "]"/],
    ['$.a^', /unexpected character/],
    ['$.a~', /unexpected character/],
    ['$.__proto__', /"__proto__" is not allowed/],
    ["$['constructor']", /"constructor" is not allowed/],
    ['$.a.prototype', /"prototype" is not allowed/],
    ['$.a[?(@.__proto__)]', /"__proto__" is not allowed/],
    ['$[?(@root.a)]', /"@" must be followed by .name/],
    ['$[?(@parent)]', /"@" must be followed by .name/],
    ['$[?(@property === 1)]', /"@" must be followed by .name/],
    ['$[?(@path)]', /"@" must be followed by .name/],
    ['$[?(@)]', /"@" must be followed by .name/],
    ["$[?(@.constructor.constructor('return process')())]", /"constructor" is not allowed/],
    ["$[?('ab'.repeat(2.5e8).split(''))]", /unexpected character "\."/],
    ['$[?(@.a.match(/x/))]', /expected "\)" to close the filter/],
    ['$[?(@.a =~ /x/)]', /unexpected character/],
    ['$[?(@.a + 1 > 2)]', /unexpected character/],
    ['$[?(@.a = 1)]', /unexpected character/],
    ['$[?(@.a == @.b)]', /expected a literal/],
    ['$[?(1 == 1)]', /expected @.name/],
    ['$[?(@.a == 1 == true)]', /cannot be chained/],
    ['$[?(!@.a == 1)]', /parentheses/],
    ['$[?((@.a) == 1)]', /only @.name can be compared/],
    ['$[?(this.a)]', /unknown word "this"/],
    ['$[?(process)]', /unknown word "process"/],
    ["$[?(@.a == 'x\\'y')]", /not allowed in a string literal/],
    ["$[?(@.a == 'a)]')]", /not allowed in a string literal/],
    ["$[?(@.a == 'unterminated)]", /not allowed in a string literal|unterminated/],
    ['$[?(@.a == 01)]', /leading zeros/],
    ['$[?(@.a == 1.)]', /digits after/],
    ['$[?()]', /empty filter/],
    ['$[?(@.a)', /expected "]"|expected "\)"/],
    ['$[?(@.a))]', /expected "]"/],
    ['$["a"]', /single quotes/],
    ["$['']", /empty property name/],
    ["$['a.b']", /not allowed in a quoted name/],
    ["$['*']", /not allowed in a quoted name/],
    ['$.a[*', /expected "]"/],
    ['a.b', /must start with "\$"/],
    ['', /must start with "\$"/],
    ['$.', /expected a property name/],
    ['$.1a', /expected a property name/],
    ['$.a b', /unexpected character/],
    ['$[12345678901234567]', /index too long/],
  ])('rejects %s', (path, message) => {
    expect(rejection(path)).toMatch(message);
  });

  it('rejects non-strings', () => {
    expect(rejection(42)).toMatch(/must be a string/);
    expect(rejection(null)).toMatch(/must be a string/);
  });

  it('caps filter nesting instead of recursing without bound', () => {
    const nested = (n: number): string => '$[?(' + '('.repeat(n) + '@.a' + ')'.repeat(n) + ')]';
    expect(parsePath(nested(15)).segments).toHaveLength(1);
    expect(rejection(nested(17))).toMatch(/nesting deeper than 16/);
    expect(rejection('$[?(' + '!'.repeat(40) + '@.a)]')).toMatch(/nesting deeper than 16/);
  });

  it('rejects over-long paths before looking at them', () => {
    const longPath = '$' + '.a'.repeat(20_000);
    const started = Date.now();
    expect(rejection(longPath)).toMatch(/at most 512 characters/);
    expect(rejection('$' + '[?(@.a)]'.repeat(100_000))).toMatch(/at most 512 characters/);
    expect(Date.now() - started).toBeLessThan(100);
    expect(parsePath('$' + '.a'.repeat(255)).segments).toHaveLength(255);
  });
});
