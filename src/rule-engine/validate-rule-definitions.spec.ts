import { CatalogueContext, RuleSetValidationError, compileRuleSet, validateRuleDefinitions } from './index';

const P = 'c94074f6-42e2-413a-a803-edff365b1b62';
const V = 'venue-1';
const catalogue: CatalogueContext = {
  products: new Map<string, { price?: number | null }>([
    [P, { price: 2.5 }],
    ['no-price', { price: null }],
  ]),
  venueIds: new Set([V]),
};

function custom(overrides: Record<string, unknown> = {}, conditions: unknown = { all: [] }): Record<string, unknown> {
  const name = (overrides.name as string) ?? 'rule';
  const priority = (overrides.priority as number) ?? 1;
  return {
    type: 'CUSTOM',
    name,
    priority,
    resultParams: { success: [{ key: 'ok', value: true }], failure: [] },
    ruleProperties: { conditions, event: { type: name }, priority },
    ...overrides,
  };
}

function errorsOf(raw: unknown, ctx: CatalogueContext = catalogue): Array<{ path: string; message: string }> {
  try {
    validateRuleDefinitions(raw, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSetValidationError);
    const e = error as RuleSetValidationError;
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toBe(e.errors[0].message);
    return e.errors;
  }
  throw new Error('expected a RuleSetValidationError');
}

describe('validateRuleDefinitions', () => {
  it('returns the stored form of a CUSTOM rule, sharing nothing with the input', () => {
    const input = custom({ name: 'n', priority: 3 }, { all: [{ fact: 'request', operator: 'in', value: ['a'], path: '$.transaction.kind' }] });
    const [rule] = validateRuleDefinitions([input], catalogue);
    expect(rule).toEqual({
      type: 'CUSTOM',
      name: 'n',
      priority: 3,
      configuration: null,
      resultParams: { success: [{ key: 'ok', value: true }], failure: [] },
      ruleProperties: { conditions: { all: [{ fact: 'request', operator: 'in', value: ['a'], path: '$.transaction.kind' }] }, event: { type: 'n' }, priority: 3 },
    });
    ((input.ruleProperties as { conditions: { all: Array<{ value: string[] }> } }).conditions.all[0].value as string[]).push('mutated');
    expect((rule.ruleProperties.conditions as { all: Array<{ value: string[] }> }).all[0].value).toEqual(['a']);
  });

  it('inflates a BASKET rule exactly like the reference (override, then catalogue price, then no price check)', () => {
    const basket = (name: string, configuration: Record<string, unknown>): Record<string, unknown> => ({
      type: 'BASKET',
      name,
      priority: 9,
      configuration,
      resultParams: { success: [], failure: [] },
    });
    const [withOverride, withCatalogue, presenceOnly] = validateRuleDefinitions(
      [
        basket('a', { productId: P, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 10.2 }),
        basket('b', { productId: P, isUnitPriceCheckNeeded: true }),
        basket('c', { productId: P, isUnitPriceCheckNeeded: false, overridingUnitPriceToCheckAgainst: 1 }),
      ],
      catalogue,
    );
    const presence = {
      any: [
        { fact: 'request', operator: 'contains', value: P, path: '$.transaction.lineItems[*].productId' },
        { fact: 'request', operator: 'equal', value: P, path: '$.transaction.lineItems[*].productId' },
      ],
    };
    const pricePath = `$.transaction.lineItems[?(@.productId==='${P}')].unitPrice`;
    const price = (value: number): unknown => ({
      any: [
        { fact: 'request', operator: 'contains', value, path: pricePath },
        { fact: 'request', operator: 'equal', value, path: pricePath },
      ],
    });
    expect(withOverride.ruleProperties).toEqual({ conditions: { all: [presence, price(10.2)] }, event: { type: 'a' }, priority: 9 });
    expect(withOverride.configuration).toEqual({ productId: P, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 10.2 });
    expect(withCatalogue.ruleProperties.conditions).toEqual({ all: [presence, price(2.5)] });
    expect(presenceOnly.ruleProperties.conditions).toEqual({ all: [presence] });
  });

  it('ignores ruleProperties sent with a BASKET rule (they are always re-inflated)', () => {
    const [rule] = validateRuleDefinitions(
      [
        {
          type: 'BASKET',
          name: 'b',
          priority: 2,
          configuration: { productId: P, isUnitPriceCheckNeeded: false },
          ruleProperties: { conditions: { all: [] }, event: { type: 'other' }, priority: 99 },
          resultParams: { success: [], failure: [] },
        },
      ],
      catalogue,
    );
    expect(rule.ruleProperties.priority).toBe(2);
    expect(rule.ruleProperties.event).toEqual({ type: 'b' });
  });

  it.each<[string, unknown, { path: string; message: string | RegExp }]>([
    ['priority mismatch', [custom({ priority: 10, ruleProperties: { conditions: { all: [] }, event: { type: 'rule' }, priority: 9 } })], { path: 'ruleDefinitions[0].priority', message: 'The priority must match the ruleProperties.priority!' }],
    ['missing ruleProperties.priority', [custom({ ruleProperties: { conditions: { all: [] }, event: { type: 'rule' } } })], { path: 'ruleDefinitions[0].priority', message: 'The priority must match the ruleProperties.priority!' }],
    ['name mismatch', [custom({ ruleProperties: { conditions: { all: [] }, event: { type: 'x' }, priority: 1 } })], { path: 'ruleDefinitions[0].name', message: 'The name must match the ruleProperties.event.type!' }],
    ['bad type', [custom({ type: 'SCRIPT' })], { path: 'ruleDefinitions[0].type', message: 'type must be CUSTOM or BASKET' }],
    ['priority 0', [custom({ priority: 0 })], { path: 'ruleDefinitions[0].priority', message: 'priority must be an integer >= 1' }],
    ['priority 1.5', [custom({ priority: 1.5 })], { path: 'ruleDefinitions[0].priority', message: 'priority must be an integer >= 1' }],
    ['priority "10"', [custom({ priority: '10' })], { path: 'ruleDefinitions[0].priority', message: 'priority must be an integer >= 1' }],
    ['priority 1e21', [custom({ priority: 1e21 })], { path: 'ruleDefinitions[0].priority', message: 'priority must be an integer >= 1' }],
    ['empty name', [custom({ name: '' })], { path: 'ruleDefinitions[0].name', message: 'name must be a non-empty string' }],
    ['duplicate names', [custom({ name: 'a' }), custom({ name: 'b' }), custom({ name: 'a' })], { path: 'ruleDefinitions[2].name', message: 'Duplicate rule name "a"' }],
    ['unknown rule property', [custom({ id: 'x' })], { path: 'ruleDefinitions[0]', message: /property "id" is not allowed/ }],
    ['resultParams missing failure', [custom({ resultParams: { success: [] } })], { path: 'ruleDefinitions[0].resultParams.failure', message: /required and must be an array/ }],
    ['resultParams entry without value', [custom({ resultParams: { success: [{ key: 'k' }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success[0].value', message: /value is required/ }],
    ['resultParams empty key', [custom({ resultParams: { success: [{ key: '', value: 1 }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success[0].key', message: 'key must be a non-empty string' }],
    ['resultParams duplicate key', [custom({ resultParams: { success: [{ key: 'k', value: 1 }, { key: 'k', value: 2 }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success[1].key', message: /duplicate key "k"/ }],
    ['reserved key request', [custom({ resultParams: { success: [{ key: 'request', value: 1 }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success[0].key', message: /reserved/ }],
    ['stopRuleEngine not boolean', [custom({ resultParams: { success: [{ key: 'stopRuleEngine', value: 'yes' }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success[0].value', message: 'stopRuleEngine must be true or false' }],
    ['reason without verdict', [custom({ resultParams: { success: [{ key: 'reason', value: 'OTHER' }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success', message: /travels with a verdict/ }],
    ['unknown reason', [custom({ resultParams: { success: [{ key: 'verdict', value: 'REJECT' }, { key: 'reason', value: 'BECAUSE' }], failure: [] } })], { path: 'ruleDefinitions[0].resultParams.success[1].value', message: /reason must be one of OTHER/ }],
    ['unknown operator', [custom({}, { all: [{ fact: 'request', operator: 'matches', value: 1 }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].operator', message: 'Unknown operator "matches"' }],
    ['unknown decorator', [custom({}, { all: [{ fact: 'request', operator: 'eval:equal', value: 1 }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].operator', message: 'Unknown operator decorator "eval"' }],
    ['decorated venueMatches', [custom({}, { all: [{ fact: 'request', operator: 'not:venueMatches', value: V }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].operator', message: 'venueMatches cannot be decorated' }],
    ['unknown venue', [custom({}, { any: [{ fact: 'request', operator: 'venueMatches', value: [V, 'nope'] }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.any[0].value[1]', message: 'Unknown venue "nope"' }],
    ['venueMatches on another fact', [custom({}, { any: [{ fact: 'other', operator: 'venueMatches', value: V }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.any[0].fact', message: /"request" fact/ }],
    ['in without an array', [custom({}, { all: [{ fact: 'request', operator: 'in', value: 'abc', path: '$.transaction.x' }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].value', message: 'in needs an array value' }],
    ['condition reference', [custom({}, { all: [{ condition: 'shared' }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0]', message: /condition references/ }],
    ['extra key in a condition', [custom({}, { all: [{ fact: 'f', operator: 'equal', value: 1, name: 'n' }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0]', message: /property "name" is not allowed/ }],
    ['priority in a condition', [custom({}, { all: [{ fact: 'f', operator: 'equal', value: 1, priority: 2 }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0]', message: /property "priority" is not allowed/ }],
    ['two boolean keys', [custom({}, { all: [], any: [] })], { path: 'ruleDefinitions[0].ruleProperties.conditions', message: /property "any" is not allowed/ }],
    ['not with an array', [custom({}, { not: [] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.not', message: '"not" takes one condition object' }],
    ['a leaf at the root', [custom({}, { fact: 'f', operator: 'equal', value: 1 })], { path: 'ruleDefinitions[0].ruleProperties.conditions', message: /must be \{all/ }],
    ['missing value', [custom({}, { all: [{ fact: 'f', operator: 'equal' }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].value', message: /value is required/ }],
    ['a bad fact reference path', [custom({}, { all: [{ fact: 'f', operator: 'equal', value: { fact: 'request', path: '$..x' } }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].value.path', message: /recursive descent/ }],
    ['extra key in a fact reference', [custom({}, { all: [{ fact: 'f', operator: 'equal', value: { fact: 'request', operator: 'x' } }] })], { path: 'ruleDefinitions[0].ruleProperties.conditions.all[0].value', message: /property "operator" is not allowed/ }],
    ['configuration on a CUSTOM rule', [custom({ configuration: { productId: P } })], { path: 'ruleDefinitions[0].configuration', message: 'configuration is only used by BASKET rules' }],
    ['BASKET without configuration', [{ type: 'BASKET', name: 'b', priority: 1, resultParams: { success: [], failure: [] } }], { path: 'ruleDefinitions[0].configuration', message: /BASKET rules need configuration/ }],
    ['BASKET unknown product', [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: 'nope', isUnitPriceCheckNeeded: false }, resultParams: { success: [], failure: [] } }], { path: 'ruleDefinitions[0].configuration.productId', message: 'Unknown product "nope"' }],
    ['BASKET product id that would break out of the filter literal', [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: "x')]|| true", isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 1 }, resultParams: { success: [], failure: [] } }], { path: 'ruleDefinitions[0].configuration.productId', message: /cannot be used in a path filter/ }],
    ['BASKET no price', [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: 'no-price', isUnitPriceCheckNeeded: true }, resultParams: { success: [], failure: [] } }], { path: 'ruleDefinitions[0].configuration.overridingUnitPriceToCheckAgainst', message: /no catalogue price/ }],
    ['BASKET override not a number', [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: P, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: '1' }, resultParams: { success: [], failure: [] } }], { path: 'ruleDefinitions[0].configuration.overridingUnitPriceToCheckAgainst', message: /must be a number/ }],
    ['not an array', { rules: [] }, { path: 'ruleDefinitions', message: /must be an array/ }],
    ['a rule that is not an object', ['rule'], { path: 'ruleDefinitions[0]', message: /must be an object/ }],
  ])('refuses %s', (_name, raw, expected) => {
    const errors = errorsOf(raw);
    expect(errors[0].path).toBe(expected.path);
    expect(errors[0].message).toMatch(expected.message);
  });

  it('reports several problems at once, with their paths', () => {
    const errors = errorsOf([custom({ priority: 0 }), custom({ name: 'x' }, { all: [{ fact: 'request', operator: 'nope', value: 1, path: '$..a' }] })]);
    expect(errors.map((e) => e.path)).toEqual([
      'ruleDefinitions[0].priority',
      'ruleDefinitions[1].ruleProperties.conditions.all[0].operator',
      'ruleDefinitions[1].ruleProperties.conditions.all[0].path',
    ]);
  });

  it('accepts decorators, fact references, not, event params and the reference example', () => {
    const rules = validateRuleDefinitions(
      [
        custom({ name: 'a', ruleProperties: { conditions: { not: { fact: 'request', operator: 'everyFact:greaterThan', value: 0, path: '$.transaction.lineItems[*].unitPrice' } }, event: { type: 'a', params: { note: 'x' } }, priority: 1 } }),
        custom({ name: 'b' }, { any: [{ fact: 'request', operator: 'swap:not:in', value: { fact: 'request', path: '$.transaction.allowed' }, path: '$.transaction.kind', params: { p: 1 } }] }),
      ],
      catalogue,
    );
    expect(rules.map((r) => r.ruleProperties.event)).toEqual([{ type: 'a', params: { note: 'x' } }, { type: 'b' }]);
  });
});

describe('compileRuleSet', () => {
  it('re-validates stored rules and reports them under `rules`', () => {
    const [stored] = validateRuleDefinitions([custom({}, { all: [{ fact: 'request', operator: 'equal', value: 1, path: '$.a' }] })], catalogue);
    (stored.ruleProperties.conditions as { all: Array<{ path: string }> }).all[0].path = "$[?(@.constructor.constructor('return process')())]";
    expect(() => compileRuleSet([stored])).toThrow(RuleSetValidationError);
    try {
      compileRuleSet([stored]);
    } catch (error) {
      expect((error as RuleSetValidationError).errors[0].path).toBe('rules[0].ruleProperties.conditions.all[0].path');
    }
  });

  it('needs inflated ruleProperties on stored BASKET rules, and ignores storage fields such as id', () => {
    const [basket] = validateRuleDefinitions(
      [{ type: 'BASKET', name: 'b', priority: 4, configuration: { productId: P, isUnitPriceCheckNeeded: false }, resultParams: { success: [], failure: [] } }],
      catalogue,
    );
    const compiled = compileRuleSet([{ ...basket, id: 'r-1', createdAt: 'now' } as typeof basket]);
    expect(compiled.referencedProductIds).toEqual([P]);
    const withoutProperties = { ...basket, ruleProperties: undefined } as unknown as typeof basket;
    expect(() => compileRuleSet([withoutProperties])).toThrow(/ruleProperties/);
  });

  it('lists referenced venues and products', () => {
    const rules = validateRuleDefinitions(
      [
        custom({ name: 'v' }, { any: [{ fact: 'request', operator: 'venueMatches', value: V }, { fact: 'request', operator: 'venueMatches', value: [V] }] }),
        { type: 'BASKET', name: 'b', priority: 1, configuration: { productId: P, isUnitPriceCheckNeeded: true }, resultParams: { success: [], failure: [] } },
      ],
      catalogue,
    );
    const compiled = compileRuleSet(rules);
    expect(compiled.referencedVenueIds).toEqual([V]);
    expect(compiled.referencedProductIds).toEqual([P]);
    expect(compileRuleSet([]).referencedVenueIds).toEqual([]);
  });
});
