/**
 * The rule engine: pure TypeScript, no HTTP, no database. Validate rule definitions (and inflate BASKET
 * rules) when a rule set is saved; compile stored rules once per version; evaluate transactions.
 */
export * from './types';
export { RuleSetValidationError } from './rule-set-validation.error';
export { RuleEngineRunError } from './rule-engine-run.error';
export { validateRuleDefinitions } from './validate-rule-definitions';
export { compileRuleSet } from './compile-rule-set';
export { inflateBasketRule, isFilterSafeProductId } from './basket/basket-inflator';
export { REVIEW_REASONS, REVIEW_REASON_VALUES, type ReviewReason, severity as verdictSeverity } from './engine/verdict';
export { haversineMeters } from './operators/venue-matches';
export { LIMITS } from './limits';
