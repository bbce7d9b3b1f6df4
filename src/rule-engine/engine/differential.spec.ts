import fc from 'fast-check';
import { Almanac, Engine, RuleResult } from 'json-rules-engine';
import { CatalogueContext, RuleEngineRunError, compileRuleSet, validateRuleDefinitions } from '../index';

/**
 * Differential test: random CUSTOM rule sets and transactions, run by our engine and by plain
 * json-rules-engine (new Engine, its default jsonpath-plus resolver, result params applied naively in
 * event handlers). Responses, the order rules ran in, and whether the run failed must all agree.
 * Filters use one-level members only: on nested missing members jsonpath-plus throws where we read
 * `undefined` (documented divergence, covered by the path property test).
 */

const catalogue: CatalogueContext = { products: new Map(), venueIds: new Set() };
const SEVERITY: Record<string, number> = { AUTHORIZE: 1, ABSTAIN: 2, REJECT: 3 };

const scalar = fc.oneof(fc.constantFrom('P1', 'P2', 'P3', 'tesco', 'asda', 'a', 'b', 'x', 'REJECT', 'ABSTAIN', 'OTHER', 'SUSPICIOUS'), fc.constantFrom(0, 1, 2, 2.5, 10, 25), fc.boolean(), fc.constant(null));
const lineItem = fc.record(
  { productId: fc.constantFrom('P1', 'P2', 'P3'), unitPrice: fc.constantFrom(1, 2.5, 10), quantity: fc.integer({ min: 1, max: 3 }) },
  { requiredKeys: ['productId'] },
);
const transaction = fc.record(
  {
    lineItems: fc.array(lineItem, { maxLength: 5 }),
    total: fc.integer({ min: 0, max: 30 }),
    formatSlug: fc.constantFrom('tesco', 'asda', 'aldi'),
    kind: fc.constantFrom('a', 'b'),
  },
  { requiredKeys: [] },
);

const requestPath = fc.constantFrom(
  '$.transaction.total',
  '$.transaction.formatSlug',
  '$.transaction.kind',
  '$.transaction.lineItems[*].productId',
  '$.transaction.lineItems[*].unitPrice',
  "$.transaction.lineItems[?(@.productId==='P1')].unitPrice",
  "$.transaction.lineItems[?(@.unitPrice > 2 && @.productId !== 'P3')].productId",
  '$.transaction.lineItems[?(!@.quantity || @.quantity >= 2)]',
  '$.transaction.lineItems.length',
  '$.transaction.lineItems[0].productId',
  '$.transaction.lineItems.*.unitPrice',
);
const factAndPath = fc.oneof(
  { weight: 3, arbitrary: requestPath.map((path) => ({ fact: 'request', path })) },
  { weight: 2, arbitrary: fc.constantFrom('f1', 'f2', 'f3', 'neverSet').map((fact) => ({ fact })) },
);
const leaf = fc.oneof(
  fc.record({ operator: fc.constantFrom('equal', 'equal', 'notEqual', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'not:equal', 'swap:contains', 'someFact:equal', 'everyFact:greaterThan'), value: scalar }),
  fc.record({ operator: fc.constantFrom('in', 'notIn', 'someValue:equal', 'everyValue:notEqual'), value: fc.array(scalar, { maxLength: 4 }) }),
  // A fact reference; with `in` it throws when the referenced fact is not an array: both engines must fail.
  fc.record({ operator: fc.constantFrom('equal', 'in'), value: fc.constantFrom({ fact: 'f1' }, { fact: 'request', path: '$.transaction.total' }) }),
).chain((op) => factAndPath.map((fp) => ({ ...fp, ...op })));
// Chaining on the kept verdict and its reason, with values they can actually hold.
const verdictLeaf = fc.oneof(
  fc.record({ fact: fc.constant('verdict'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('REJECT', 'ABSTAIN', 'AUTHORIZE', 'SUCCESS') }),
  fc.record({ fact: fc.constant('reason'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('OTHER', 'SUSPICIOUS') }),
);

const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leaf },
    verdictLeaf,
    fc.array(tie('condition'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('condition'), { maxLength: 3 }).map((any) => ({ any })),
    tie('condition').map((not) => ({ not })),
  ),
}));
const root = fc.oneof(
  fc.array(condition, { maxLength: 3 }).map((all) => ({ all })),
  fc.array(condition, { maxLength: 3 }).map((any) => ({ any })),
  condition.map((not) => ({ not })),
);

const params = fc
  .record({
    facts: fc.subarray(['f1', 'f2', 'f3']).chain((keys) => fc.tuple(...keys.map((key) => scalar.map((value) => ({ key, value }))))),
    stop: fc.option(fc.boolean(), { nil: undefined }),
    verdict: fc.option(fc.record({ verdict: fc.constantFrom('REJECT', 'ABSTAIN', 'AUTHORIZE', 'SUCCESS'), reason: fc.option(fc.constantFrom('OTHER', 'SUSPICIOUS'), { nil: undefined }) }), { nil: undefined }),
  })
  .map(({ facts, stop, verdict }) => {
    const list: Array<{ key: string; value: unknown }> = [...facts];
    if (stop !== undefined) list.push({ key: 'stopRuleEngine', value: stop });
    if (verdict) {
      list.push({ key: 'verdict', value: verdict.verdict });
      if (verdict.reason) list.push({ key: 'reason', value: verdict.reason });
    }
    return list;
  });

const ruleSet = fc.array(fc.record({ priority: fc.integer({ min: 1, max: 3 }), conditions: root, success: params, failure: params }), { minLength: 1, maxLength: 6 }).map((rules) =>
  rules.map((r, i) => ({
    type: 'CUSTOM',
    name: `r${i}`,
    priority: r.priority,
    resultParams: { success: r.success, failure: r.failure },
    ruleProperties: { conditions: r.conditions, event: { type: `r${i}` }, priority: r.priority },
  })),
);

type Definition = { name: string; priority: number; resultParams: { success: Array<{ key: string; value: unknown }>; failure: Array<{ key: string; value: unknown }> }; ruleProperties: { conditions: unknown; event: { type: string } } };
type Outcome = { failed: true } | { failed: false; response: Record<string, unknown>; ran: string[] };

/** Plain json-rules-engine, with the SPEC's result-param handling written the obvious way. */
async function naive(definitions: Definition[], tx: Record<string, unknown>): Promise<Outcome> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const byName = new Map(definitions.map((d) => [d.name, d]));
  for (const d of definitions) engine.addRule({ conditions: d.ruleProperties.conditions as never, event: d.ruleProperties.event, priority: d.priority, name: d.name });
  const response: Record<string, unknown> = {};
  const ran: string[] = [];
  let held: { verdict: unknown; reason: unknown } | null = null;
  const handle = (passed: boolean) => (_event: unknown, almanac: Almanac, result: RuleResult) => {
    const list = byName.get(result.name)!.resultParams[passed ? 'success' : 'failure'];
    ran.push(`${result.name}:${passed}`);
    let stop = false;
    let offered = null as { verdict: unknown; reason: unknown } | null;
    for (const { key, value } of list) {
      if (key === 'stopRuleEngine') stop = value === true;
      else if (key === 'verdict') offered = { verdict: value, reason: offered?.reason };
      else if (key === 'reason') offered = { verdict: offered?.verdict, reason: value };
      else {
        response[key] = value;
        almanac.addRuntimeFact(key, value);
      }
    }
    if (offered) {
      if (!held || (SEVERITY[offered.verdict as string] ?? 0) > (SEVERITY[held.verdict as string] ?? 0)) held = offered;
      response.verdict = held.verdict;
      if (held.reason === undefined) delete response.reason;
      else response.reason = held.reason;
      almanac.addRuntimeFact('verdict', held.verdict);
      almanac.addRuntimeFact('reason', held.reason);
    }
    if (stop) engine.stop();
  };
  engine.on('success', handle(true));
  engine.on('failure', handle(false));
  try {
    await engine.run({ request: { transaction: tx } });
  } catch {
    return { failed: true };
  }
  return { failed: false, response, ran };
}

describe('differential: our engine vs plain json-rules-engine', () => {
  it('gives identical responses on random CUSTOM rule sets', async () => {
    let failures = 0;
    let stops = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(ruleSet, fc.array(transaction, { minLength: 1, maxLength: 4 }), async (definitions, transactions) => {
        const compiled = compileRuleSet(validateRuleDefinitions(definitions, catalogue));
        for (const tx of transactions) {
          runs++;
          const expected = await naive(definitions as Definition[], tx);
          let actual: Outcome;
          try {
            const result = await compiled.evaluate(tx, { venues: new Map() });
            actual = { failed: false, response: result.response, ran: result.trace.map((t) => `${t.rule}:${t.result}`) };
            if (result.stoppedBy) stops++;
          } catch (error) {
            expect(error).toBeInstanceOf(RuleEngineRunError);
            actual = { failed: true };
            failures++;
          }
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: 400 },
    );
    // The generators must reach stops and run failures, not only quiet runs.
    expect(stops).toBeGreaterThan(runs / 20);
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(runs / 2);
  });
});
