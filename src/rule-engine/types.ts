export interface KeyValue {
  key: string;
  value: unknown;
}

export interface ResultParams {
  success: KeyValue[];
  failure: KeyValue[];
}

export interface BasketConfiguration {
  productId: string;
  isUnitPriceCheckNeeded: boolean;
  overridingUnitPriceToCheckAgainst?: number;
}

export interface RuleProperties {
  conditions: unknown;
  event: { type: string; params?: Record<string, unknown> };
  priority: number;
}

export type RuleType = 'CUSTOM' | 'BASKET';

/** A validated rule in its stored, runnable form (BASKET rules carry their inflated ruleProperties). */
export interface InflatedRule {
  type: RuleType;
  name: string;
  priority: number;
  ruleProperties: RuleProperties;
  configuration: BasketConfiguration | null;
  resultParams: ResultParams;
}

export interface VenueData {
  id: string;
  locationIdentifiers: string[];
  position?: { latitude: number; longitude: number } | null;
  radiusMeters?: number | null;
}

/** The tenant's existing products (with catalogue price) and venues, needed to validate definitions. */
export interface CatalogueContext {
  products: ReadonlyMap<string, { price?: number | null }>;
  venueIds: ReadonlySet<string>;
}

export interface RunContext {
  venues: ReadonlyMap<string, VenueData>;
}

export interface TraceEntry {
  rule: string;
  priority: number;
  result: boolean;
  appliedParams: Record<string, unknown>;
}

export interface EvaluationResult {
  response: Record<string, unknown>;
  trace: TraceEntry[];
  stoppedBy: string | null;
}

export interface CompiledRuleSet {
  /** Venues used by `venueMatches` conditions (409 on delete; load their data before evaluating). */
  readonly referencedVenueIds: string[];
  /** Products used by BASKET rules. */
  readonly referencedProductIds: string[];
  /** Rejects only with RuleEngineRunError. */
  evaluate(transaction: Record<string, unknown>, ctx: RunContext): Promise<EvaluationResult>;
}
