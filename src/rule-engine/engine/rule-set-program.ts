import { CompiledPath } from '../path/compiled-path';
import { RuleEngineRunError } from '../rule-engine-run.error';
import { CompiledRuleSet, EvaluationResult, InflatedRule, RunContext, VenueData } from '../types';
import { CompiledRule } from './compiled-rule';
import { EnginePool } from './engine-pool';
import { PooledEngine } from './pooled-engine';

const NO_VENUES: ReadonlyMap<string, VenueData> = new Map();
const MAX_IDLE_ENGINES = 16;

/** A validated rule set, ready to run many times. Built by compileRuleSet(). */
export class RuleSetProgram implements CompiledRuleSet {
  private readonly rules: readonly CompiledRule[];
  private readonly pool: EnginePool;

  constructor(
    rules: readonly InflatedRule[],
    pathSources: Iterable<string>,
    readonly referencedVenueIds: string[],
    readonly referencedProductIds: string[],
  ) {
    this.rules = rules.map((r) => ({
      name: r.name,
      priority: r.priority,
      conditions: r.ruleProperties.conditions,
      success: r.resultParams.success,
      failure: r.resultParams.failure,
    }));
    const paths = new Map<string, CompiledPath>();
    for (const source of pathSources) paths.set(source, new CompiledPath(source));
    this.pool = new EnginePool(() => new PooledEngine(this.rules, paths), MAX_IDLE_ENGINES);
  }

  async evaluate(transaction: Record<string, unknown>, ctx: RunContext): Promise<EvaluationResult> {
    if (transaction === null || typeof transaction !== 'object' || Array.isArray(transaction)) {
      throw new RuleEngineRunError('the transaction must be an object');
    }
    if (this.rules.length === 0) return { response: {}, trace: [], stoppedBy: null };
    try {
      return await this.pool.run(transaction, ctx?.venues ?? NO_VENUES);
    } catch (error) {
      if (error instanceof RuleEngineRunError) throw error;
      throw new RuleEngineRunError(error instanceof Error ? error.message : String(error), error);
    }
  }

  /** For tests and metrics: engines currently kept for reuse. */
  get idleEngines(): number {
    return this.pool.idleCount;
  }
}
