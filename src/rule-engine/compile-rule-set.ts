import { RuleSetProgram } from './engine/rule-set-program';
import { CompiledRuleSet, InflatedRule } from './types';
import { validateRuleList } from './validate-rule-definitions';

/**
 * Compiles stored rules into something runnable: every path parsed once, engines built lazily. Stored
 * data is re-validated (not trusted blindly) and throws RuleSetValidationError, paths prefixed `rules`.
 */
export function compileRuleSet(rules: InflatedRule[]): CompiledRuleSet {
  const { rules: valid, scan } = validateRuleList(rules, null, 'rules');
  const productIds = new Set(valid.flatMap((r) => (r.type === 'BASKET' && r.configuration ? [r.configuration.productId] : [])));
  return new RuleSetProgram(valid, scan.paths, [...scan.venueIds].sort(), [...productIds].sort());
}
