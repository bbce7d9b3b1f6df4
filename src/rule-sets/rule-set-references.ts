import { EntityManager, In, IsNull } from 'typeorm';
import { ConflictError } from '../common/domain-error';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { inflateBasketRule } from '../rule-engine';
import { RuleEntity, RuleSetEntity, RuleSetReferenceEntity } from './rule-set.entity';

/** Whether an active, not deleted rule set of the tenant names this venue or product. */
export async function isReferencedByActiveRuleSet(
  m: EntityManager,
  tenantId: string,
  kind: 'VENUE' | 'PRODUCT',
  targetId: string,
): Promise<boolean> {
  const refs = await m.getRepository(RuleSetReferenceEntity).find({ where: { tenantId, kind, targetId }, select: { ruleSetId: true } });
  if (refs.length === 0) return false;
  return m
    .getRepository(RuleSetEntity)
    .createQueryBuilder('rs')
    .where('rs.tenantId = :tenantId', { tenantId })
    .andWhere('rs.id IN (:...ids)', { ids: refs.map((r) => r.ruleSetId) })
    .andWhere('rs.isActive = :active', { active: true })
    .andWhere('rs.deletedAt IS NULL')
    .getExists();
}


/**
 * A BASKET rule without an override price checks against the catalogue price. When that price
 * changes, the rule is re-inflated in the same transaction and its set's version bumped (so every
 * instance recompiles), leaving `updatedAt` alone because it decides which set is selected.
 * Clearing a price such a rule depends on is refused.
 */
export async function repriceBasketRules(m: EntityManager, tenantId: string, productId: string, price: number | null): Promise<void> {
  const refs = await m.getRepository(RuleSetReferenceEntity).find({ where: { tenantId, kind: 'PRODUCT', targetId: productId } });
  if (refs.length === 0) return;
  const sets = new TenantScopedRepository(RuleSetEntity, m);
  const rules = new TenantScopedRepository(RuleEntity, m);
  const live = await sets.find(tenantId, { id: In([...new Set(refs.map((r) => r.ruleSetId))]), deletedAt: IsNull() });
  for (const set of live) {
    const affected = (await rules.find(tenantId, { ruleSetId: set.id, type: 'BASKET' })).filter(
      (r) => r.configuration?.productId === productId && r.configuration.isUnitPriceCheckNeeded && r.configuration.overridingUnitPriceToCheckAgainst === undefined,
    );
    if (affected.length === 0) continue;
    if (price === null) {
      throw new ConflictError(`Rule "${affected[0].name}" of rule set ${set.id} checks this product's catalogue price; give it an override price first`);
    }
    for (const rule of affected) {
      await rules.update(tenantId, rule.id, { ruleProperties: inflateBasketRule(rule.name, rule.priority, productId, price) as never, updatedAt: new Date() });
    }
    await sets.update(tenantId, set.id, { version: () => '"version" + 1' });
  }
}
