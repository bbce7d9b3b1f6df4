import { EvaluationResult, VenueData } from '../types';
import { PooledEngine } from './pooled-engine';

/**
 * Engines for one compiled rule set. Each run leases an engine exclusively and gives it back only after
 * the run finished cleanly, so overlapping runs never share an engine's stopped state. Engines are built
 * on demand; at most `maxIdle` are kept between runs, extra ones built under a burst are dropped.
 */
export class EnginePool {
  private readonly idle: PooledEngine[] = [];

  constructor(
    private readonly create: () => PooledEngine,
    private readonly maxIdle: number,
  ) {}

  async run(transaction: Record<string, unknown>, venues: ReadonlyMap<string, VenueData>): Promise<EvaluationResult> {
    const engine = this.idle.pop() ?? this.create();
    let result: EvaluationResult;
    try {
      result = await engine.run(transaction, venues);
    } catch (error) {
      engine.abandon();
      throw error;
    }
    if (this.idle.length < this.maxIdle) this.idle.push(engine);
    return result;
  }

  get idleCount(): number {
    return this.idle.length;
  }
}
