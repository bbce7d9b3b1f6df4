import { FieldError } from '../../common/domain-error';
import { LIMITS } from '../limits';
import { RuleSetValidationError } from '../rule-set-validation.error';

/** Collects field errors while a rule set is checked; stops recording after LIMITS.maxReportedErrors. */
export class Issues {
  private readonly list: FieldError[] = [];

  add(path: string, message: string): void {
    if (this.list.length < LIMITS.maxReportedErrors) this.list.push({ path, message });
  }

  get count(): number {
    return this.list.length;
  }

  /** True once enough errors are recorded that checking further would only waste time. */
  get full(): boolean {
    return this.list.length >= LIMITS.maxReportedErrors;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new RuleSetValidationError(this.list);
  }
}
