/**
 * Hard limits on what a rule set may contain. They exist so that no rule set, however hostile, can make
 * validation, compilation or a run slow enough to hurt the process (json-rules-engine deep-clones every
 * rule's conditions on every evaluation with an O(n^2) clone, so condition size is bounded too).
 */
export const LIMITS = {
  maxRulesPerSet: 500,
  maxConditionsPerSet: 500,
  maxConditionDepth: 32,
  /** Objects and arrays inside all conditions of a set: condition nodes plus containers in values/params. */
  maxContainersInConditions: 2000,
  maxJsonDepth: 32,
  maxPathLength: 512,
  maxFilterNesting: 16,
  maxNameLength: 255,
  maxResultParamsPerList: 100,
  maxVenueIdsPerCondition: 100,
  maxOperatorDecorators: 3,
  maxReportedErrors: 50,
} as const;

/** Property names that would reach an object's prototype when used as a key or a path segment. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
