import { Fact } from 'json-rules-engine';
import { CompiledPath } from '../path/compiled-path';
import { EvaluationResult, TraceEntry, VenueData } from '../types';
import { CompiledRule } from './compiled-rule';
import { copyJson } from './copy-json';
import { HeldVerdict, REASON_KEY, STOP_KEY, VERDICT_KEY, mergeVerdict } from './verdict';

/** Where result params become facts for later rules (json-rules-engine's Almanac). */
export interface FactSink {
  addFact(fact: Fact): unknown;
}

/**
 * A constant fact without json-rules-engine's cache key: constant facts are never read from that cache,
 * and computing the key hashes the fact on every add.
 */
export function constantFact(id: string, value: unknown): Fact {
  return new Fact(id, value, { cache: false });
}

/**
 * Everything that belongs to one evaluation: the response being built, the trace, the verdict held so
 * far, the venue data, and a cache of resolved paths (the BASKET shape asks for each path twice).
 */
export class RunState {
  private readonly response = new Map<string, unknown>();
  private readonly trace: TraceEntry[] = [];
  private held: HeldVerdict | null = null;
  private stoppedBy: string | null = null;
  private readonly resolved = new Map<string, { target: unknown; result: unknown }>();

  constructor(
    readonly venues: ReadonlyMap<string, VenueData>,
    private readonly paths: ReadonlyMap<string, CompiledPath>,
  ) {}

  resolvePath(target: unknown, path: string): unknown {
    const cached = this.resolved.get(path);
    if (cached && cached.target === target) return cached.result;
    const compiled = this.paths.get(path);
    // Every path was parsed when the rule set was compiled; anything else is a bug, not tenant input.
    if (!compiled) throw new Error('path was not compiled with the rule set');
    const result = compiled.evaluate(target);
    this.resolved.set(path, { target, result });
    return result;
  }

  /** Applies the rule's success or failure params; returns true when they ask the engine to stop. */
  apply(rule: CompiledRule, passed: boolean, facts: FactSink): boolean {
    const params = passed ? rule.success : rule.failure;
    let stop = false;
    let hasVerdict = false;
    const offered: HeldVerdict = { verdict: undefined, reason: undefined };
    for (const { key, value } of params) {
      if (key === STOP_KEY) {
        stop = value === true;
      } else if (key === VERDICT_KEY) {
        hasVerdict = true;
        offered.verdict = value;
      } else if (key === REASON_KEY) {
        // Validation guarantees a verdict in the same list; the reason only travels with it.
        offered.reason = value as string;
      } else {
        this.response.set(key, value);
        facts.addFact(constantFact(key, value));
      }
    }
    if (hasVerdict) this.holdVerdict(offered, facts);
    this.trace.push({ rule: rule.name, priority: rule.priority, result: passed, appliedParams: Object.fromEntries(params.map((p) => [p.key, copyJson(p.value)])) });
    if (stop && this.stoppedBy === null) this.stoppedBy = rule.name;
    return stop;
  }

  /** The response, trace and stop as plain data that shares nothing with the compiled rule set. */
  result(): EvaluationResult {
    const response = Object.fromEntries([...this.response].map(([key, value]) => [key, copyJson(value)]));
    return { response, trace: this.trace, stoppedBy: this.stoppedBy };
  }

  /** `verdict` and `reason` facts always show what the response holds, so later rules see the kept verdict. */
  private holdVerdict(offered: HeldVerdict, facts: FactSink): void {
    this.held = mergeVerdict(this.held, offered);
    this.response.set(VERDICT_KEY, this.held.verdict);
    if (this.held.reason === undefined) this.response.delete(REASON_KEY);
    else this.response.set(REASON_KEY, this.held.reason);
    facts.addFact(constantFact(VERDICT_KEY, this.held.verdict));
    facts.addFact(constantFact(REASON_KEY, this.held.reason));
  }
}
