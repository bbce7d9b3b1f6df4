import { CatalogueContext, RuleEngineRunError, compileRuleSet, validateRuleDefinitions } from '../index';
import { RuleSetProgram } from './rule-set-program';

const catalogue: CatalogueContext = { products: new Map(), venueIds: new Set() };
const ctx = { venues: new Map() };

function rule(name: string, priority: number, conditions: unknown, success: unknown[], failure: unknown[] = []): Record<string, unknown> {
  return { type: 'CUSTOM', name, priority, resultParams: { success, failure }, ruleProperties: { conditions, event: { type: name }, priority } };
}

describe('compiled rule set evaluation', () => {
  it('an empty rule list answers {} without running anything', async () => {
    expect(await compileRuleSet([]).evaluate({ lineItems: [] }, ctx)).toEqual({ response: {}, trace: [], stoppedBy: null });
  });

  it('rejects with RuleEngineRunError, never a partial result, when an operator throws', async () => {
    const compiled = compileRuleSet(
      validateRuleDefinitions(
        [
          rule('first', 9, { all: [] }, [{ key: 'first', value: true }]),
          rule('throws', 5, { all: [{ fact: 'request', operator: 'in', value: { fact: 'neverSet' }, path: '$.transaction.kind' }] }, [{ key: 'x', value: 1 }]),
          rule('after', 1, { all: [] }, [{ key: 'after', value: true }]),
        ],
        catalogue,
      ),
    );
    const outcome = await compiled.evaluate({ kind: 'a' }, ctx).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(RuleEngineRunError);
    expect(outcome).toMatchObject({ code: 'INTERNAL', reason: 'RULE_ENGINE_THREW_ERROR' });
    expect((outcome as Error).message).toMatch(/^The rule engine failed: /);
  });

  it('rejects a transaction that is not an object', async () => {
    const compiled = compileRuleSet(validateRuleDefinitions([rule('r', 1, { all: [] }, [])], catalogue));
    for (const bad of [null, [], 'tx', 5]) {
      await expect(compiled.evaluate(bad as never, ctx)).rejects.toBeInstanceOf(RuleEngineRunError);
    }
  });

  it('returns results that share nothing with the rule set', async () => {
    const compiled = compileRuleSet(validateRuleDefinitions([rule('r', 1, { all: [] }, [{ key: 'obj', value: { list: [1] } }])], catalogue));
    const first = await compiled.evaluate({}, ctx);
    (first.response.obj as { list: number[] }).list.push(2);
    (first.trace[0].appliedParams.obj as { list: number[] }).list.push(3);
    expect((await compiled.evaluate({}, ctx)).response).toEqual({ obj: { list: [1] } });
  });

  it('chains params of earlier rules as facts, and leaves rules that did not run out of the trace', async () => {
    const compiled = compileRuleSet(
      validateRuleDefinitions(
        [
          rule('a', 3, { all: [{ fact: 'request', operator: 'greaterThan', value: 10, path: '$.transaction.total' }] }, [{ key: 'big', value: true }], [{ key: 'big', value: false }]),
          rule('b', 2, { all: [{ fact: 'big', operator: 'equal', value: true }] }, [{ key: 'stopRuleEngine', value: true }, { key: 'bonus', value: 5 }], [{ key: 'bonus', value: 0 }]),
          rule('c', 1, { all: [] }, [{ key: 'c', value: true }]),
        ],
        catalogue,
      ),
    );
    expect(await compiled.evaluate({ total: 20 }, ctx)).toEqual({
      response: { big: true, bonus: 5 },
      trace: [
        { rule: 'a', priority: 3, result: true, appliedParams: { big: true } },
        { rule: 'b', priority: 2, result: true, appliedParams: { stopRuleEngine: true, bonus: 5 } },
      ],
      stoppedBy: 'b',
    });
    expect((await compiled.evaluate({ total: 5 }, ctx)).response).toEqual({ big: false, bonus: 0, c: true });
  });

  it('builds engines lazily and keeps a bounded number for reuse', async () => {
    const compiled = compileRuleSet(validateRuleDefinitions([rule('r', 1, { all: [] }, [])], catalogue)) as RuleSetProgram;
    expect(compiled.idleEngines).toBe(0);
    await compiled.evaluate({}, ctx);
    expect(compiled.idleEngines).toBe(1);
    await Promise.all(Array.from({ length: 50 }, () => compiled.evaluate({}, ctx)));
    expect(compiled.idleEngines).toBe(16);
  });
});
