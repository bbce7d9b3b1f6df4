import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { NotFoundError } from '../common/domain-error';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { CompiledRuleSet, InflatedRule, TraceEntry, compileRuleSet, validateRuleDefinitions } from '../rule-engine';
import { ProductsService } from '../products/products.service';
import { VenuesService } from '../venues/venues.service';
import { TransactionNormalizer } from '../transactions/transaction-normalizer';
import { CreateRuleSetDto, UpdateRuleSetDto } from './dto/rule-set.dto';
import { scanReferences } from './reference-scan';
import { RuleEntity, RuleSetEntity, RuleSetReferenceEntity } from './rule-set.entity';
import { RuleSetResponse, toRuleSetResponse } from './rule-set.mapper';
import { RuleSetRunner } from './rule-set-runner';

/** Definitions validated and inflated, and the proof that they compile (which also names their venues and products). */
interface ValidatedRules {
  inflated: InflatedRule[];
  compiled: CompiledRuleSet;
}

export interface DryRunResponse {
  ruleSetId: string;
  response: Record<string, unknown>;
  trace: TraceEntry[];
  stoppedBy: string | null;
}

@Injectable()
export class RuleSetsService {
  private readonly ruleSets: TenantScopedRepository<RuleSetEntity>;
  private readonly rules: TenantScopedRepository<RuleEntity>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly products: ProductsService,
    private readonly venues: VenuesService,
    private readonly normalizer: TransactionNormalizer,
    private readonly runner: RuleSetRunner,
  ) {
    this.ruleSets = new TenantScopedRepository(RuleSetEntity, ds.manager);
    this.rules = new TenantScopedRepository(RuleEntity, ds.manager);
  }

  async create(tenantId: string, dto: CreateRuleSetDto): Promise<RuleSetResponse> {
    const validated = await this.validate(tenantId, dto.ruleDefinitions ?? []);
    const now = new Date();
    const set: RuleSetEntity = {
      id: randomUUID(),
      tenantId,
      name: dto.name ?? null,
      isActive: dto.isActive,
      transactionTypes: dto.transactionTypes ?? ['RECEIPT', 'ORDER'],
      version: 1,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    const rules = await this.ds.transaction(async (m) => {
      await this.ruleSets.with(m).insert(tenantId, set);
      return this.writeRules(m, tenantId, set.id, validated, now);
    });
    return toRuleSetResponse(set, rules);
  }

  async list(tenantId: string): Promise<RuleSetResponse[]> {
    const sets = await this.ruleSets.find(tenantId, { deletedAt: IsNull() }, { createdAt: 'DESC', id: 'DESC' });
    if (sets.length === 0) return [];
    const rules = await this.rules.find(tenantId, { ruleSetId: In(sets.map((s) => s.id)) });
    return sets.map((s) => toRuleSetResponse(s, rules.filter((r) => r.ruleSetId === s.id)));
  }

  async get(tenantId: string, id: string): Promise<RuleSetResponse> {
    const set = await this.mustFind(tenantId, id);
    return toRuleSetResponse(set, await this.rules.find(tenantId, { ruleSetId: set.id }));
  }

  /** name/isActive/transactionTypes if given; ruleDefinitions, if given, replaces the whole rule list. */
  async update(tenantId: string, id: string, dto: UpdateRuleSetDto): Promise<RuleSetResponse> {
    const existing = await this.mustFind(tenantId, id);
    const validated = dto.ruleDefinitions !== undefined ? await this.validate(tenantId, dto.ruleDefinitions) : null;
    const now = new Date();
    return this.ds.transaction(async (m) => {
      const sets = this.ruleSets.with(m);
      const changes = {
        name: dto.name ?? existing.name,
        isActive: dto.isActive ?? existing.isActive,
        transactionTypes: dto.transactionTypes ?? existing.transactionTypes,
        updatedAt: now,
      };
      await sets.update(tenantId, id, { ...changes, version: () => '"version" + 1' }, { deletedAt: IsNull() });
      const set = await sets.findById(tenantId, id);
      if (!set || set.deletedAt) throw new NotFoundError('Rule set not found');
      let rules: RuleEntity[];
      if (validated) {
        await m.getRepository(RuleEntity).delete({ tenantId, ruleSetId: id });
        await m.getRepository(RuleSetReferenceEntity).delete({ tenantId, ruleSetId: id });
        rules = await this.writeRules(m, tenantId, id, validated, now);
      } else {
        rules = await this.rules.with(m).find(tenantId, { ruleSetId: id });
      }
      return toRuleSetResponse(set, rules);
    });
  }

  /** Soft delete: the set never runs again, its rows stay for history. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.mustFind(tenantId, id);
    const now = new Date();
    await this.ruleSets.update(tenantId, id, { deletedAt: now, updatedAt: now, version: () => '"version" + 1' }, { deletedAt: IsNull() });
  }

  /** Dry run: the transaction normalized exactly as a submitted one; nothing is stored. */
  async evaluate(tenantId: string, id: string, transaction: Record<string, unknown>): Promise<DryRunResponse> {
    const set = await this.mustFind(tenantId, id);
    const normalized = await this.normalizer.normalize(tenantId, transaction, 'RECEIPT');
    const result = await this.runner.run(tenantId, set, normalized);
    return { ruleSetId: set.id, response: result.response, trace: result.trace, stoppedBy: result.stoppedBy };
  }

  /** Validates definitions against the tenant's catalogue, then proves they compile: refused at save, never at the next transaction. */
  private async validate(tenantId: string, definitions: unknown[]): Promise<ValidatedRules> {
    const refs = scanReferences(definitions);
    const [products, venueIds] = await Promise.all([this.products.catalogue(tenantId, refs.productIds), this.venues.existingIds(tenantId, refs.venueIds)]);
    const inflated = validateRuleDefinitions(definitions, { products, venueIds });
    return { inflated, compiled: compileRuleSet(inflated) };
  }

  private async writeRules(m: EntityManager, tenantId: string, ruleSetId: string, { inflated, compiled }: ValidatedRules, now: Date): Promise<RuleEntity[]> {
    const rules: RuleEntity[] = inflated.map((r, position) => ({
      id: randomUUID(),
      tenantId,
      ruleSetId,
      position,
      name: r.name,
      type: r.type,
      priority: r.priority,
      ruleProperties: r.ruleProperties,
      resultParams: r.resultParams,
      configuration: r.configuration,
      createdAt: now,
      updatedAt: now,
    }));
    await this.rules.with(m).insertMany(tenantId, rules);
    const refs = [
      ...compiled.referencedVenueIds.map((targetId) => ({ kind: 'VENUE' as const, targetId })),
      ...compiled.referencedProductIds.map((targetId) => ({ kind: 'PRODUCT' as const, targetId })),
    ];
    await new TenantScopedRepository(RuleSetReferenceEntity, m).insertMany(tenantId, refs.map((r) => ({ id: randomUUID(), ruleSetId, ...r })));
    return rules;
  }

  private async mustFind(tenantId: string, id: string): Promise<RuleSetEntity> {
    const set = await this.ruleSets.findById(tenantId, id);
    if (!set || set.deletedAt) throw new NotFoundError('Rule set not found');
    return set;
  }
}
