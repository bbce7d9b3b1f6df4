import { LIMITS } from './limits';
import { CatalogueContext, InflatedRule } from './types';
import { ConditionScan } from './validation/condition-validator';
import { Issues } from './validation/issues';
import { RuleValidator } from './validation/rule-validator';

/** Validates a whole rule list in one mode (see RuleValidator); throws RuleSetValidationError. */
export function validateRuleList(raw: unknown, catalogue: CatalogueContext | null, pathPrefix: string): { rules: InflatedRule[]; scan: ConditionScan } {
  const issues = new Issues();
  const scan = new ConditionScan(catalogue ? catalogue.venueIds : null);
  const rules: InflatedRule[] = [];
  if (!Array.isArray(raw)) {
    issues.add(pathPrefix, `${pathPrefix} must be an array of rules`);
  } else if (raw.length > LIMITS.maxRulesPerSet) {
    issues.add(pathPrefix, `a rule set can have at most ${LIMITS.maxRulesPerSet} rules`);
  } else {
    const validator = new RuleValidator(catalogue, scan, issues);
    const names = new Set<string>();
    for (let i = 0; i < raw.length && !issues.full && !scan.overLimit; i++) {
      const path = `${pathPrefix}[${i}]`;
      const rule = validator.validate(raw[i], path);
      if (!rule) continue;
      if (names.has(rule.name)) issues.add(`${path}.name`, `Duplicate rule name "${rule.name}"`);
      names.add(rule.name);
      rules.push(rule);
    }
    scan.checkTotals(pathPrefix, issues);
  }
  issues.throwIfAny();
  return { rules, scan };
}

/**
 * Validates untrusted rule definitions (as POSTed in `ruleDefinitions`) against the tenant's catalogue,
 * inflates BASKET rules, and returns the rules in their stored, runnable form.
 */
export function validateRuleDefinitions(raw: unknown, ctx: CatalogueContext, pathPrefix = 'ruleDefinitions'): InflatedRule[] {
  return validateRuleList(raw, ctx, pathPrefix).rules;
}
