import { LIMITS } from '../limits';
import { VENUE_MATCHES, parseOperatorName } from '../operators/operator-name';
import { parsePath } from '../path/path-parser';
import { PathSyntaxError } from '../path/path-syntax.error';
import { hasOwn, isPlainObject, nameProblem, onlyKeys } from './guards';
import { ContainerBudget, copyJsonValue } from './json-value';
import { Issues } from './issues';

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['fact', 'operator', 'value', 'path', 'params'];
const FACT_REFERENCE_KEYS = ['fact', 'path', 'params'];
const CONDITION_SHAPE = 'a condition must be {all: [...]}, {any: [...]}, {not: {...}} or {fact, operator, value, path?, params?}';

/** What a whole rule set's conditions use; shared by every rule of the set so the limits are per set. */
export class ConditionScan implements ContainerBudget {
  conditions = 0;
  containers = 0;
  readonly paths = new Set<string>();
  readonly venueIds = new Set<string>();
  private limitReported = false;

  constructor(readonly knownVenueIds: ReadonlySet<string> | null) {}

  /** Counts one condition node; false once the set is over its limits (stop descending). */
  countNode(path: string, issues: Issues): boolean {
    this.conditions++;
    this.containers++;
    if (this.conditions <= LIMITS.maxConditionsPerSet && this.containers <= LIMITS.maxContainersInConditions) return true;
    if (!this.limitReported) {
      this.limitReported = true;
      issues.add(
        path,
        this.conditions > LIMITS.maxConditionsPerSet
          ? `a rule set can have at most ${LIMITS.maxConditionsPerSet} conditions`
          : `a rule set's conditions can hold at most ${LIMITS.maxContainersInConditions} objects and arrays`,
      );
    }
    return false;
  }

  get overLimit(): boolean {
    return this.limitReported;
  }

  /** Values are counted after the node that holds them: check the total once more at the end. */
  checkTotals(path: string, issues: Issues): void {
    if (!this.limitReported && this.containers > LIMITS.maxContainersInConditions) {
      this.limitReported = true;
      issues.add(path, `a rule set's conditions can hold at most ${LIMITS.maxContainersInConditions} objects and arrays`);
    }
  }
}

/**
 * Checks one rule's `conditions` tree against what json-rules-engine and the SPEC allow, and returns a
 * clean copy holding only the allowed keys. Recursion depth is capped at LIMITS.maxConditionDepth.
 */
export class ConditionValidator {
  constructor(
    private readonly scan: ConditionScan,
    private readonly issues: Issues,
  ) {}

  validateRoot(raw: unknown, path: string): unknown {
    if (!isPlainObject(raw) || !BOOLEAN_KEYS.some((k) => hasOwn(raw, k))) {
      this.issues.add(path, 'conditions must be {all: [...]}, {any: [...]} or {not: {...}}');
      return null;
    }
    return this.node(raw, path, 1);
  }

  private node(raw: unknown, path: string, depth: number): unknown {
    if (depth > LIMITS.maxConditionDepth) {
      this.issues.add(path, `conditions can be nested at most ${LIMITS.maxConditionDepth} levels deep`);
      return null;
    }
    if (this.issues.full || !this.scan.countNode(path, this.issues)) return null;
    if (!isPlainObject(raw)) {
      this.issues.add(path, CONDITION_SHAPE);
      return null;
    }
    if (hasOwn(raw, 'condition')) {
      this.issues.add(path, 'condition references ({condition: name}) are not supported');
      return null;
    }
    const booleanKey = BOOLEAN_KEYS.find((k) => hasOwn(raw, k));
    return booleanKey ? this.booleanNode(raw, booleanKey, path, depth) : this.leaf(raw, path);
  }

  private booleanNode(raw: Record<string, unknown>, key: (typeof BOOLEAN_KEYS)[number], path: string, depth: number): unknown {
    if (!onlyKeys(raw, [key], path, (p, m) => this.issues.add(p, m))) return null;
    const children = raw[key];
    const childPath = `${path}.${key}`;
    if (key === 'not') {
      if (!isPlainObject(children)) {
        this.issues.add(childPath, '"not" takes one condition object');
        return null;
      }
      return { not: this.node(children, childPath, depth + 1) };
    }
    if (!Array.isArray(children)) {
      this.issues.add(childPath, `"${key}" must be an array of conditions`);
      return null;
    }
    this.scan.containers++;
    const out: unknown[] = [];
    for (let i = 0; i < children.length; i++) {
      if (this.issues.full || this.scan.overLimit) break;
      out.push(this.node(children[i], `${childPath}[${i}]`, depth + 1));
    }
    return key === 'all' ? { all: out } : { any: out };
  }

  private leaf(raw: Record<string, unknown>, path: string): unknown {
    const report = (p: string, m: string): void => this.issues.add(p, m);
    if (!onlyKeys(raw, LEAF_KEYS, path, report)) return null;
    for (const required of ['fact', 'operator', 'value']) {
      if (!hasOwn(raw, required) || raw[required] === undefined) report(`${path}.${required}`, `${required} is required. ${CONDITION_SHAPE}`);
    }
    const fact = raw.fact;
    const factProblem = hasOwn(raw, 'fact') ? nameProblem(fact, 'fact') : null;
    if (factProblem) report(`${path}.fact`, factProblem);
    const operator = hasOwn(raw, 'operator') ? parseOperatorName(raw.operator) : 'operator is required';
    if (typeof operator === 'string' && hasOwn(raw, 'operator')) report(`${path}.operator`, operator);
    const out: Record<string, unknown> = { fact, operator: raw.operator };
    if (hasOwn(raw, 'value')) out.value = this.value(raw.value, `${path}.value`);
    if (hasOwn(raw, 'path')) out.path = this.path(raw.path, `${path}.path`);
    if (hasOwn(raw, 'params')) out.params = this.params(raw.params, `${path}.params`);
    if (typeof operator !== 'string') {
      if (operator.base === VENUE_MATCHES) this.venueMatches(raw, path);
      else this.operandShape(operator.base, operator.decorators, raw.value, `${path}.value`);
    }
    return out;
  }

  /** A `{fact, path?, params?}` value is a fact reference in json-rules-engine: its path is checked like any other. */
  private value(raw: unknown, path: string): unknown {
    if (isPlainObject(raw) && hasOwn(raw, 'fact')) {
      if (!onlyKeys(raw, FACT_REFERENCE_KEYS, path, (p, m) => this.issues.add(p, m))) return null;
      const problem = nameProblem(raw.fact, 'fact');
      if (problem) this.issues.add(`${path}.fact`, problem);
      const out: Record<string, unknown> = { fact: raw.fact };
      if (hasOwn(raw, 'path')) out.path = this.path(raw.path, `${path}.path`);
      if (hasOwn(raw, 'params')) out.params = this.params(raw.params, `${path}.params`);
      return out;
    }
    return copyJsonValue(raw, path, this.issues, this.scan);
  }

  private path(raw: unknown, path: string): unknown {
    try {
      parsePath(raw);
      this.scan.paths.add(raw as string);
    } catch (error) {
      if (!(error instanceof PathSyntaxError)) throw error;
      this.issues.add(path, error.message);
    }
    return raw;
  }

  private params(raw: unknown, path: string): unknown {
    if (!isPlainObject(raw)) {
      this.issues.add(path, 'params must be an object');
      return null;
    }
    return copyJsonValue(raw, path, this.issues, this.scan);
  }

  private venueMatches(raw: Record<string, unknown>, path: string): void {
    if (raw.fact !== 'request') this.issues.add(`${path}.fact`, 'venueMatches works on the "request" fact');
    if (hasOwn(raw, 'path')) this.issues.add(`${path}.path`, 'venueMatches takes no path');
    const value = raw.value;
    const ids = Array.isArray(value) ? value : [value];
    if (ids.length === 0 || ids.length > LIMITS.maxVenueIdsPerCondition) {
      this.issues.add(`${path}.value`, `venueMatches takes a venue id or an array of 1 to ${LIMITS.maxVenueIdsPerCondition} venue ids`);
      return;
    }
    ids.forEach((id, i) => {
      const idPath = Array.isArray(value) ? `${path}.value[${i}]` : `${path}.value`;
      if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.maxNameLength) {
        this.issues.add(idPath, 'a venue id must be a non-empty string');
      } else if (this.scan.knownVenueIds && !this.scan.knownVenueIds.has(id)) {
        this.issues.add(idPath, `Unknown venue "${id}"`);
      } else {
        this.scan.venueIds.add(id);
      }
    });
  }

  /** Refuses values that make the built-in operator throw on every run. */
  private operandShape(base: string, decorators: string[], value: unknown, path: string): void {
    const isReference = isPlainObject(value) && hasOwn(value, 'fact');
    if (isReference) return;
    const outer = decorators[0];
    if ((outer === 'someValue' || outer === 'everyValue') && !Array.isArray(value)) {
      this.issues.add(path, `${outer} needs an array value`);
    } else if (decorators.length === 0 && (base === 'in' || base === 'notIn') && !Array.isArray(value)) {
      this.issues.add(path, `${base} needs an array value`);
    }
  }
}
