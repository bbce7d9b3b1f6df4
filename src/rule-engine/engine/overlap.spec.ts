import { Engine } from 'json-rules-engine';
import { CatalogueContext, EvaluationResult, RuleEngineRunError, compileRuleSet, validateRuleDefinitions } from '../index';

const P = 'prod-1';
const catalogue: CatalogueContext = { products: new Map([[P, { price: 5 }]]), venueIds: new Set() };

function custom(name: string, priority: number, conditions: unknown, success: Array<[string, unknown]>, failure: Array<[string, unknown]>): Record<string, unknown> {
  const kv = (list: Array<[string, unknown]>): unknown[] => list.map(([key, value]) => ({ key, value }));
  return { type: 'CUSTOM', name, priority, resultParams: { success: kv(success), failure: kv(failure) }, ruleProperties: { conditions, event: { type: name }, priority } };
}

/** A quarter of the transactions stop early (at priority 10); the others reach the final check at priority 1. */
const definitions = [
  custom('stopper', 10, { all: [{ fact: 'request', operator: 'equal', value: true, path: '$.transaction.stop' }] }, [['stopRuleEngine', true], ['stopped', true]], [['stopped', false]]),
  custom('sibling', 10, { all: [] }, [['sibling', true]], []),
  { type: 'BASKET', name: 'basket', priority: 5, configuration: { productId: P, isUnitPriceCheckNeeded: true }, resultParams: { success: [{ key: 'basket', value: true }], failure: [{ key: 'basket', value: false }] } },
  custom('count', 5, { all: [{ fact: 'request', operator: 'greaterThan', value: 2, path: '$.transaction.lineItems.length' }] }, [['many', true]], [['many', false]]),
  custom('final-check', 1, { all: [{ fact: 'basket', operator: 'equal', value: true }, { fact: 'many', operator: 'equal', value: true }] }, [['final', true], ['verdict', 'AUTHORIZE']], [['final', false], ['verdict', 'ABSTAIN'], ['reason', 'OTHER']]),
];

function transaction(i: number): Record<string, unknown> {
  const lineItems = Array.from({ length: i % 7 }, (_, j) => ({ productId: j % 2 === 0 ? P : `other-${j}`, unitPrice: (i + j) % 3 === 0 ? 5 : 4 }));
  return { stop: i % 4 === 0, lineItems };
}

describe('overlapping evaluations never affect each other', () => {
  const compiled = compileRuleSet(validateRuleDefinitions(definitions, catalogue));
  const ctx = { venues: new Map() };
  const N = 400;

  it('gives every concurrent run its sequential result (a quarter stop early)', async () => {
    const sequential: EvaluationResult[] = [];
    for (let i = 0; i < N; i++) sequential.push(await compiled.evaluate(transaction(i), ctx));
    // The fixture must really exercise both paths.
    expect(sequential.filter((r) => r.stoppedBy === 'stopper')).toHaveLength(N / 4);
    expect(sequential.filter((r) => r.response.final === true).length).toBeGreaterThan(20);
    // Same-priority rules run together; json-rules-engine reports them as they finish, and the
    // condition-less sibling finishes first.
    expect(sequential[0]).toEqual({
      response: { sibling: true, stopped: true },
      trace: [
        { rule: 'sibling', priority: 10, result: true, appliedParams: { sibling: true } },
        { rule: 'stopper', priority: 10, result: true, appliedParams: { stopRuleEngine: true, stopped: true } },
      ],
      stoppedBy: 'stopper',
    });

    for (let round = 0; round < 3; round++) {
      const concurrent = await Promise.all(Array.from({ length: N }, (_, i) => compiled.evaluate(transaction(i), ctx)));
      concurrent.forEach((result, i) => expect(result).toEqual(sequential[i]));
    }
  });

  it('keeps failing runs isolated: they reject, the others are untouched', async () => {
    // `in` against a fact reference that is an array for even i and missing for odd i: odd runs throw.
    const throwing = compileRuleSet(
      validateRuleDefinitions(
        [
          ...definitions,
          custom('maybe-throws', 3, { all: [{ fact: 'request', operator: 'in', value: { fact: 'request', path: '$.transaction.allowed' }, path: '$.transaction.kind' }] }, [['kindAllowed', true]], [['kindAllowed', false]]),
        ],
        catalogue,
      ),
    );
    const tx = (i: number): Record<string, unknown> => ({ ...transaction(i), stop: false, kind: 'k', ...(i % 2 === 0 ? { allowed: ['k'] } : {}) });
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => throwing.evaluate(tx(i), ctx).then((r) => r, (e: unknown) => e)));
    outcomes.forEach((outcome, i) => {
      if (i % 2 === 1) {
        expect(outcome).toBeInstanceOf(RuleEngineRunError);
        expect((outcome as RuleEngineRunError).reason).toBe('RULE_ENGINE_THREW_ERROR');
      } else {
        expect((outcome as EvaluationResult).response.kindAllowed).toBe(true);
      }
    });
    // After the storm, sequential runs still give the right answers.
    expect((await throwing.evaluate(tx(0), ctx)).response.kindAllowed).toBe(true);
    await expect(throwing.evaluate(tx(1), ctx)).rejects.toBeInstanceOf(RuleEngineRunError);
  });

  it('control: one shared json-rules-engine Engine does lose results when runs overlap', async () => {
    // Why the pool exists: the stopped state belongs to the Engine, so one run's stop cuts others short.
    const rules = validateRuleDefinitions(definitions, catalogue);
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const r of rules) engine.addRule({ ...(r.ruleProperties as object), name: r.name } as never);
    const reached = new Set<number>();
    engine.on('success', (event, almanac, result) => {
      if (result.name === 'stopper') engine.stop();
    });
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const { results, failureResults } = await engine.run({ request: { transaction: transaction(i) } });
        if ([...results, ...failureResults].some((r) => r.name === 'final-check')) reached.add(i);
      }),
    );
    const shouldReach = Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 4 !== 0);
    expect(shouldReach.filter((i) => !reached.has(i)).length).toBeGreaterThan(0);
  });
});
