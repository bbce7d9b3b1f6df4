import { PathEvaluator } from './path-evaluator';
import { parsePath } from './path-parser';

/** Parse once, evaluate many times. */
export class CompiledPath {
  private readonly evaluator: PathEvaluator;

  constructor(readonly source: string) {
    this.evaluator = new PathEvaluator(parsePath(source));
  }

  evaluate(root: unknown): unknown {
    return this.evaluator.evaluate(root);
  }
}
