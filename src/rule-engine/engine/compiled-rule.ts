import { KeyValue } from '../types';

/** A rule as the engine runs it: validated conditions plus the params to apply after it ran. */
export interface CompiledRule {
  readonly name: string;
  readonly priority: number;
  readonly conditions: unknown;
  readonly success: readonly KeyValue[];
  readonly failure: readonly KeyValue[];
}
