import { FORBIDDEN_NAMES, LIMITS } from '../limits';
import { isPlainObject } from './guards';
import { Issues } from './issues';

/** Counts objects and arrays seen, so callers can cap what json-rules-engine will clone per run. */
export interface ContainerBudget {
  containers: number;
}

/**
 * Checks that `value` is plain JSON (finite numbers, no undefined, no functions, no class instances),
 * nested at most LIMITS.maxJsonDepth deep, with no `__proto__`/`constructor`/`prototype` keys, and
 * returns a fresh copy that shares nothing with the input.
 */
export function copyJsonValue(value: unknown, path: string, issues: Issues, budget?: ContainerBudget): unknown {
  return copy(value, path, issues, budget, 1);
}

function copy(value: unknown, path: string, issues: Issues, budget: ContainerBudget | undefined, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.add(path, 'numbers must be finite');
    return value;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (depth > LIMITS.maxJsonDepth) {
      issues.add(path, `JSON values can be nested at most ${LIMITS.maxJsonDepth} levels deep`);
      return null;
    }
    if (budget) budget.containers++;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length && !issues.full; i++) out.push(copy(value[i], `${path}[${i}]`, issues, budget, depth + 1));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (issues.full) break;
      const childPath = `${path}.${key.slice(0, 64)}`;
      if (FORBIDDEN_NAMES.has(key)) {
        issues.add(childPath, `the key "${key}" is not allowed`);
        continue;
      }
      // defineProperty, not assignment: a copy must never reach a prototype whatever the key.
      Object.defineProperty(out, key, { value: copy(value[key], childPath, issues, budget, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  issues.add(path, 'must be a JSON value (string, number, boolean, null, array or object)');
  return null;
}
