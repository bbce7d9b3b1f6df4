import { REASON_KEY, REVIEW_REASONS, STOP_KEY, VERDICT_KEY } from '../engine/verdict';
import { LIMITS } from '../limits';
import { KeyValue, ResultParams } from '../types';
import { hasOwn, isPlainObject, nameProblem, onlyKeys } from './guards';
import { copyJsonValue } from './json-value';
import { Issues } from './issues';

/** The `request` fact is the transaction; a result param of that name would replace it for later rules. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['request']);

/** Checks `{success: [{key, value}], failure: [...]}` and returns a copy. */
export function validateResultParams(raw: unknown, path: string, issues: Issues): ResultParams {
  if (!isPlainObject(raw)) {
    issues.add(path, 'resultParams must be an object {success: [{key, value}], failure: [{key, value}]}');
    return { success: [], failure: [] };
  }
  onlyKeys(raw, ['success', 'failure'], path, (p, m) => issues.add(p, m));
  return { success: list(raw, 'success', path, issues), failure: list(raw, 'failure', path, issues) };
}

function list(raw: Record<string, unknown>, which: 'success' | 'failure', parent: string, issues: Issues): KeyValue[] {
  const path = `${parent}.${which}`;
  const entries = raw[which];
  if (!hasOwn(raw, which) || !Array.isArray(entries)) {
    issues.add(path, `resultParams.${which} is required and must be an array (it may be empty)`);
    return [];
  }
  if (entries.length > LIMITS.maxResultParamsPerList) {
    issues.add(path, `resultParams.${which} can have at most ${LIMITS.maxResultParamsPerList} entries`);
    return [];
  }
  const out: KeyValue[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const entryPath = `${path}[${i}]`;
    if (!isPlainObject(entry)) {
      issues.add(entryPath, 'each result param must be {key, value}');
      return;
    }
    onlyKeys(entry, ['key', 'value'], entryPath, (p, m) => issues.add(p, m));
    const key = entry.key;
    const problem = nameProblem(key, 'key');
    if (problem) {
      issues.add(`${entryPath}.key`, problem);
      return;
    }
    const name = key as string;
    if (RESERVED_KEYS.has(name)) issues.add(`${entryPath}.key`, `the key "${name}" is reserved (it is the transaction fact)`);
    if (seen.has(name)) issues.add(`${entryPath}.key`, `duplicate key "${name}" in resultParams.${which}`);
    seen.add(name);
    if (!hasOwn(entry, 'value') || entry.value === undefined) {
      issues.add(`${entryPath}.value`, 'value is required (any JSON value)');
      return;
    }
    const value = copyJsonValue(entry.value, `${entryPath}.value`, issues);
    if (name === STOP_KEY && typeof value !== 'boolean') issues.add(`${entryPath}.value`, 'stopRuleEngine must be true or false');
    if (name === REASON_KEY && !(typeof value === 'string' && REVIEW_REASONS.has(value))) {
      issues.add(`${entryPath}.value`, `reason must be one of ${[...REVIEW_REASONS].join(', ')}`);
    }
    out.push({ key: name, value });
  });
  if (seen.has(REASON_KEY) && !seen.has(VERDICT_KEY)) {
    issues.add(path, 'a reason travels with a verdict: add a verdict to the same list');
  }
  return out;
}
