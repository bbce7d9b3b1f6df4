import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { CompiledRuleSet, EvaluationResult, InflatedRule, compileRuleSet } from '../rule-engine';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { VenuesService } from '../venues/venues.service';
import { RuleEntity, RuleSetEntity, TransactionType } from './rule-set.entity';

const CACHE_LIMIT = 1000;

export interface SelectedEvaluation {
  ruleSetId: string | null;
  result: EvaluationResult;
}

/**
 * Runs rule sets. Compiled sets are cached per (id, version): every evaluation reads the current
 * version from the database, so an update on any instance is seen by the next evaluation on all of
 * them, and the compile cost is paid once per version per process.
 */
@Injectable()
export class RuleSetRunner {
  private readonly cache = new Map<string, CompiledRuleSet>();
  private readonly compiling = new Map<string, Promise<CompiledRuleSet>>();
  private readonly ruleSets: TenantScopedRepository<RuleSetEntity>;
  private readonly rules: TenantScopedRepository<RuleEntity>;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly venues: VenuesService,
  ) {
    this.ruleSets = new TenantScopedRepository(RuleSetEntity, ds.manager);
    this.rules = new TenantScopedRepository(RuleEntity, ds.manager);
  }

  /** The tenant's newest-updated active set that applies to this transaction type, or null. */
  async selectActive(tenantId: string, type: TransactionType): Promise<RuleSetEntity | null> {
    const candidates = await this.ruleSets.find(tenantId, { isActive: true, deletedAt: IsNull() }, { updatedAt: 'DESC', id: 'DESC' });
    return candidates.find((s) => (s.transactionTypes?.length ? s.transactionTypes : ['RECEIPT', 'ORDER']).includes(type)) ?? null;
  }

  /** Evaluates a normalized transaction against the selected set; no set gives the response `{}`. Rejects with RuleEngineRunError. */
  async evaluateSelected(tenantId: string, transaction: Record<string, unknown>): Promise<SelectedEvaluation> {
    const set = await this.selectActive(tenantId, transaction.type === 'ORDER' ? 'ORDER' : 'RECEIPT');
    if (!set) return { ruleSetId: null, result: { response: {}, trace: [], stoppedBy: null } };
    return { ruleSetId: set.id, result: await this.run(tenantId, set, transaction) };
  }

  async run(tenantId: string, set: RuleSetEntity, transaction: Record<string, unknown>): Promise<EvaluationResult> {
    const compiled = await this.compiled(tenantId, set);
    const venues = await this.venues.venueData(tenantId, compiled.referencedVenueIds);
    return compiled.evaluate(transaction, { venues });
  }

  private async compiled(tenantId: string, set: RuleSetEntity): Promise<CompiledRuleSet> {
    const key = `${set.id}:${set.version}`;
    const hit = this.cache.get(key);
    if (hit) {
      // refresh LRU position
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    let pending = this.compiling.get(key);
    if (!pending) {
      pending = (async () => {
        const rows = await this.rules.find(tenantId, { ruleSetId: set.id }, { position: 'ASC' });
        return compileRuleSet(rows.map(toInflated));
      })();
      this.compiling.set(key, pending);
    }
    try {
      const compiled = await pending;
      this.cache.set(key, compiled);
      if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      return compiled;
    } finally {
      this.compiling.delete(key);
    }
  }
}

export function toInflated(r: RuleEntity): InflatedRule {
  return { type: r.type, name: r.name, priority: r.priority, ruleProperties: r.ruleProperties, configuration: r.configuration, resultParams: r.resultParams };
}
