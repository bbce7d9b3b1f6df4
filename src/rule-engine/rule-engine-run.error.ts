import { DomainError } from '../common/domain-error';

/**
 * A run failed as a whole (an operator threw, a fact reference had the wrong type, ...). Never a partial
 * result: callers turn this into an ABSTAIN with reason RULE_ENGINE_THREW_ERROR (SPEC section 5).
 */
export class RuleEngineRunError extends DomainError {
  readonly reason = 'RULE_ENGINE_THREW_ERROR' as const;

  constructor(
    detail: string,
    override readonly cause?: unknown,
  ) {
    super('INTERNAL', `The rule engine failed: ${detail.slice(0, 300)}`);
  }
}
