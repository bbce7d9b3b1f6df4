import { Almanac, Engine, Operator, Rule, RuleResult, TopLevelCondition } from 'json-rules-engine';
import { VENUE_MATCHES } from '../operators/operator-name';
import { venueMatches } from '../operators/venue-matches';
import { CompiledPath } from '../path/compiled-path';
import { EvaluationResult, VenueData } from '../types';
import { CompiledRule } from './compiled-rule';
import { RunState, constantFact } from './run-state';

/**
 * The event type of every compiled rule. json-rules-engine emits each rule's event type on the engine,
 * and EventEmitter2 treats some names specially ("error" rejects the run, "toString" calls
 * Object.prototype.toString), so rule names are never used as event names; rules are found by name.
 */
const RULE_EVENT = 'rule-ran';

/**
 * One json-rules-engine Engine holding a rule set, used by one run at a time. An Engine's `status`
 * (what `stop()` sets) belongs to the engine, not the run, so it must never be shared between runs
 * that overlap: EnginePool leases it exclusively. Per-run data lives in `state`, set at the start of run().
 */
export class PooledEngine {
  private readonly engine: Engine;
  private readonly rulesByName = new Map<string, CompiledRule>();
  private state: RunState | null = null;

  constructor(
    rules: readonly CompiledRule[],
    private readonly paths: ReadonlyMap<string, CompiledPath>,
  ) {
    this.engine = new Engine([], {
      allowUndefinedFacts: true,
      pathResolver: (value: object, path: string) => this.current().resolvePath(value, path),
    });
    this.engine.addOperator(new Operator(VENUE_MATCHES, (fact: unknown, value: unknown) => venueMatches(fact, value, this.current().venues)));
    for (const rule of rules) {
      this.rulesByName.set(rule.name, rule);
      this.engine.addRule(new Rule({ conditions: rule.conditions as TopLevelCondition, event: { type: RULE_EVENT }, priority: rule.priority, name: rule.name }));
    }
    this.engine.on('success', (_event: unknown, almanac: Almanac, result: RuleResult) => this.applyResult(result, true, almanac));
    this.engine.on('failure', (_event: unknown, almanac: Almanac, result: RuleResult) => this.applyResult(result, false, almanac));
  }

  async run(transaction: Record<string, unknown>, venues: ReadonlyMap<string, VenueData>): Promise<EvaluationResult> {
    const state = new RunState(venues, this.paths);
    this.state = state;
    await this.engine.run({ request: constantFact('request', { transaction }) });
    return state.result();
  }

  /**
   * After a failed run json-rules-engine keeps evaluating the remaining priority groups in the
   * background (its promise chain swallows the rejection and carries on). Stopping cuts that short;
   * the pool never reuses an abandoned engine.
   */
  abandon(): void {
    this.engine.stop();
  }

  private current(): RunState {
    if (!this.state) throw new Error('PooledEngine used outside run()');
    return this.state;
  }

  private applyResult(result: RuleResult, passed: boolean, almanac: Almanac): void {
    const rule = this.rulesByName.get(result.name);
    if (!rule) throw new Error(`rule-engine: result for an unknown rule`);
    if (this.current().apply(rule, passed, almanac)) this.engine.stop();
  }
}
