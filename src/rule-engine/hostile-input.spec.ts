import { CatalogueContext, RuleSetValidationError, compileRuleSet, validateRuleDefinitions } from './index';

const catalogue: CatalogueContext = { products: new Map(), venueIds: new Set() };

function rule(conditions: unknown, name = 'r', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'CUSTOM',
    name,
    priority: 1,
    resultParams: { success: [{ key: 'ok', value: true }], failure: [] },
    ruleProperties: { conditions, event: { type: name }, priority: 1 },
    ...extra,
  };
}

/** Runs validation with a time budget; hostile input must be refused quickly, never crash or hang. */
function refused(raw: unknown, budgetMs = 500): RuleSetValidationError {
  const started = Date.now();
  let thrown: unknown;
  try {
    validateRuleDefinitions(raw, catalogue);
  } catch (error) {
    thrown = error;
  }
  expect(Date.now() - started).toBeLessThan(budgetMs);
  expect(thrown).toBeInstanceOf(RuleSetValidationError);
  return thrown as RuleSetValidationError;
}

function nested(depth: number): unknown {
  let node: unknown = { fact: 'request', operator: 'equal', value: 1 };
  for (let i = 0; i < depth; i++) node = { all: [node] };
  return node;
}

describe('hostile rule definitions are refused, quickly', () => {
  it('a 20,000-segment path', () => {
    const error = refused([rule({ all: [{ fact: 'request', operator: 'equal', value: 1, path: '$' + '.a'.repeat(20_000) }] })]);
    expect(error.errors[0]).toEqual({ path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].path', message: expect.stringMatching(/at most 512 characters/) });
  });

  it('conditions nested 100 deep (and 33 deep), while 32 is fine', () => {
    expect(refused([rule(nested(100))]).errors[0].message).toMatch(/nested at most 32 levels/);
    expect(refused([rule(nested(32))]).errors[0].message).toMatch(/nested at most 32 levels/);
    expect(validateRuleDefinitions([rule(nested(31))], catalogue)).toHaveLength(1);
  });

  it('conditions nested 100,000 deep do not overflow the stack', () => {
    expect(refused([rule(nested(100_000))]).errors[0].message).toMatch(/nested at most 32 levels/);
  });

  it('1,000 conditions in one rule, or spread over rules', () => {
    const many = Array.from({ length: 1000 }, () => ({ fact: 'request', operator: 'equal', value: 1 }));
    expect(refused([rule({ all: many })]).errors[0].message).toBe('a rule set can have at most 500 conditions');
    const rules = Array.from({ length: 10 }, (_, i) => rule({ any: many.slice(0, 60) }, `r${i}`));
    expect(refused(rules).errors[0].message).toBe('a rule set can have at most 500 conditions');
    expect(validateRuleDefinitions([rule({ all: many.slice(0, 499) })], catalogue)).toHaveLength(1);
  });

  it('condition values too large for json-rules-engine to clone on every run', () => {
    const objects = Array.from({ length: 3000 }, (_, i) => ({ i }));
    expect(refused([rule({ all: [{ fact: 'request', operator: 'in', value: objects }] })]).errors[0].message).toMatch(/at most 2000 objects and arrays/);
  });

  it('more rules than allowed', () => {
    expect(refused(Array.from({ length: 501 }, (_, i) => rule({ all: [] }, `r${i}`))).errors[0].message).toMatch(/at most 500 rules/);
  });

  it.each([
    ['__proto__ as a condition value key', () => JSON.parse('{"fact":"request","operator":"equal","value":{"__proto__":{"polluted":true}}}')],
    ['constructor as a params key', () => ({ fact: 'request', operator: 'equal', value: 1, params: { constructor: { prototype: 1 } } })],
    ['__proto__ as a fact name', () => ({ fact: '__proto__', operator: 'equal', value: 1 })],
    ['prototype as a fact name', () => ({ fact: 'prototype', operator: 'equal', value: 1 })],
    ['__proto__ in a path', () => ({ fact: 'request', operator: 'equal', value: 1, path: '$.transaction.__proto__.polluted' })],
    ['__proto__ in a filter', () => ({ fact: 'request', operator: 'equal', value: 1, path: '$.a[?(@.__proto__)]' })],
  ])('%s', (_name, makeCondition) => {
    expect(refused([rule({ all: [makeCondition()] })]).errors[0].message).toMatch(/"(__proto__|constructor|prototype)" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('__proto__ as a result key, in a result value, and as a whole condition key', () => {
    const params = JSON.parse('{"success":[{"key":"__proto__","value":{"polluted":true}}],"failure":[{"key":"x","value":{"a":{"__proto__":{"polluted":true}}}}]}');
    const errors = refused([rule({ all: [] }, 'r', { resultParams: params })]).errors;
    expect(errors.map((e) => e.path)).toEqual(['ruleDefinitions[0].resultParams.success[0].key', 'ruleDefinitions[0].resultParams.failure[0].value.a.__proto__']);
    expect(refused([JSON.parse('{"__proto__":{"type":"CUSTOM"}}')]).errors[0].message).toMatch(/property "__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('huge strings', () => {
    const huge = 'x'.repeat(5_000_000);
    expect(refused([rule({ all: [] }, huge)]).errors[0].message).toMatch(/at most 255 characters/);
    expect(refused([rule({ all: [{ fact: 'request', operator: 'equal', value: 1, path: '$.' + huge }] })]).errors[0].message).toMatch(/at most 512/);
    expect(refused([rule({ all: [{ fact: huge, operator: 'equal', value: 1 }] })]).errors[0].message).toMatch(/at most 255/);
    expect(refused([rule({ all: [{ fact: 'f', operator: huge, value: 1 }] })]).errors[0].message).toMatch(/operator must be a non-empty string/);
  });

  it.each([
    ["script filter (CVE-2024-21534 shape)", "$[?(@.constructor.constructor('return process')().exit())]"],
    ['repeat bomb that aborts jsonpath-plus', "$[?('ab'.repeat(2.5e8).split(''))]"],
    ['dynamic script segment', '$[(@.length-1)]'],
    ['recursive descent', '$..productId'],
    ['function call', '$.items[?(@.name.toLowerCase() == "x")]'],
    ['regex', '$.items[?(@.name.match(/^x/))]'],
    ['regex operator', '$.items[?(@.name =~ /^x/)]'],
    ['@root', '$.items[?(@root.x == 1)]'],
    ['@parent', '$.items[?(@parent.x == 1)]'],
    ['@property', "$.items[?(@property == 'a')]"],
    ['@path', "$.items[?(@path == 'a')]"],
    ['parent selector', '$.items[0]^'],
    ['property-name selector', '$.items.*~'],
    ['type selector', '$.items[*]@string()'],
    ['assignment', '$.items[?(@.a = 1)]'],
    ['typeof', "$.items[?(typeof @.a == 'string')]"],
    ['template literal', '$.items[?(@.a == `x`)]'],
    ['escaped quote', "$.items[?(@.a == 'x\\'')]"],
    ['unicode escape', "$.items[?(@.a == '\\u0041')]"],
  ])('%s', (_name, path) => {
    const error = refused([rule({ all: [{ fact: 'request', operator: 'equal', value: 1, path }] })]);
    expect(error.errors[0].path).toBe('ruleDefinitions[0].ruleProperties.conditions.all[0].path');
    expect(error.errors[0].message).toMatch(/^Invalid JSONPath: /);
  });

  it('a fact reference value with a script path', () => {
    const error = refused([rule({ all: [{ fact: 'request', operator: 'equal', value: { fact: 'request', path: "$[?(@.constructor.constructor('x')())]" } }] })]);
    expect(error.errors[0].path).toBe('ruleDefinitions[0].ruleProperties.conditions.all[0].value.path');
  });

  it('non-JSON values and odd shapes', () => {
    const values: unknown[] = [undefined, NaN, Infinity, () => 1, new Date(0), new Map(), Symbol('s'), BigInt(1)];
    for (const value of values) {
      const errors = refused([rule({ all: [] }, 'r', { resultParams: { success: [{ key: 'k', value }], failure: [] } })]).errors;
      expect(errors[0].path).toBe('ruleDefinitions[0].resultParams.success[0].value');
    }
    for (const raw of [null, 'rules', 42, {}, [null], [[]], [42]]) refused(raw);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(refused([rule({ all: [] }, 'r', { resultParams: { success: [{ key: 'k', value: deep }], failure: [] } })]).errors[0].message).toMatch(/nested at most 32/);
  });

  it('caps the number of reported errors', () => {
    const bad = Array.from({ length: 400 }, (_, i) => rule({ all: [] }, `r${i}`, { priority: -1 }));
    expect(refused(bad).errors.length).toBe(50);
  });
});

describe('hostile transactions and rule names at run time', () => {
  it('rule names that EventEmitter2 treats specially run like any other', async () => {
    const names = ['error', 'toString', '__defineGetter__', 'hasOwnProperty', 'newListener', 'success', 'failure'];
    const rules = validateRuleDefinitions(
      names.map((n) => rule({ all: [] }, n)),
      catalogue,
    );
    const result = await compileRuleSet(rules).evaluate({}, { venues: new Map() });
    expect(result.trace.map((t) => t.rule).sort()).toEqual([...names].sort());
    expect(result.response).toEqual({ ok: true });
  });

  it('a transaction with __proto__ keys, deep nesting and 100,000 items', async () => {
    const rules = validateRuleDefinitions(
      [
        rule({ any: [{ fact: 'request', operator: 'contains', value: 'P', path: '$.transaction.lineItems[*].productId' }] }, 'has-p'),
        rule({ any: [{ fact: 'request', operator: 'equal', value: true, path: '$.transaction.polluted' }] }, 'polluted', {
          resultParams: { success: [{ key: 'polluted', value: true }], failure: [{ key: 'polluted', value: false }] },
        }),
      ],
      catalogue,
    );
    let deep: unknown = { x: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const transaction = JSON.parse('{"__proto__":{"polluted":true},"lineItems":[]}');
    transaction.deep = deep;
    transaction.lineItems = Array.from({ length: 100_000 }, (_, i) => ({ productId: i === 99_999 ? 'P' : `Q${i}`, meta: { toString: 1 } }));
    const started = Date.now();
    const result = await compileRuleSet(rules).evaluate(transaction, { venues: new Map() });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.response).toEqual({ ok: true, polluted: false });
  });
});
