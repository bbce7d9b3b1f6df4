import { DomainError, FieldError } from '../common/domain-error';

/** A rule set (as POSTed, or as stored) that cannot be compiled. Maps to 400 BadRequestError. */
export class RuleSetValidationError extends DomainError {
  override readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    if (errors.length === 0) throw new Error('RuleSetValidationError needs at least one error');
    super('BAD_REQUEST', errors[0].message, errors);
    this.errors = errors;
  }
}
