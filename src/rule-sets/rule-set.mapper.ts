import { RuleEntity, RuleSetEntity, TransactionType } from './rule-set.entity';
import type { BasketConfiguration, ResultParams, RuleProperties } from '../rule-engine';

export interface RuleResponse {
  id: string;
  name: string;
  type: 'CUSTOM' | 'BASKET';
  priority: number;
  ruleProperties: RuleProperties;
  resultParams: ResultParams;
  configuration: BasketConfiguration | null;
  createdAt: string;
  updatedAt: string;
}

export interface RuleSetResponse {
  id: string;
  name?: string;
  isActive: boolean;
  transactionTypes: TransactionType[];
  createdAt: string;
  updatedAt: string;
  rules: RuleResponse[];
}

/** Field by field: the reference echoes the tenant's API key in this response; we never do. */
export function toRuleSetResponse(set: RuleSetEntity, rules: RuleEntity[]): RuleSetResponse {
  return {
    id: set.id,
    // The reference's schema types name as a string: an unnamed set omits it rather than sending null.
    ...(set.name !== null ? { name: set.name } : {}),
    isActive: set.isActive,
    transactionTypes: set.transactionTypes,
    createdAt: set.createdAt.toISOString(),
    updatedAt: set.updatedAt.toISOString(),
    rules: [...rules].sort((a, b) => a.position - b.position).map(toRuleResponse),
  };
}

function toRuleResponse(r: RuleEntity): RuleResponse {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    priority: r.priority,
    ruleProperties: r.ruleProperties,
    resultParams: r.resultParams,
    configuration: r.configuration,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
