import { FORBIDDEN_NAMES, LIMITS } from '../limits';

export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** A plain JSON object: not null, not an array, prototype Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Rule names, fact names and result keys: non-empty, bounded, never a prototype-reaching name. */
export function nameProblem(value: unknown, what: string): string | null {
  if (typeof value !== 'string' || value.length === 0) return `${what} must be a non-empty string`;
  if (value.length > LIMITS.maxNameLength) return `${what} can have at most ${LIMITS.maxNameLength} characters`;
  if (FORBIDDEN_NAMES.has(value)) return `${what} "${value}" is not allowed`;
  return null;
}

/** Reports own keys outside `allowed`; returns whether there were none. */
export function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, report: (path: string, message: string) => void): boolean {
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      report(path, `property ${JSON.stringify(key.slice(0, 64))} is not allowed here (allowed: ${allowed.join(', ')})`);
      ok = false;
    }
  }
  return ok;
}
