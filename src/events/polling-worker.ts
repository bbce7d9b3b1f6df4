/**
 * The loop shared by the background workers (order intake, webhook delivery). A pass claims and
 * processes a batch and returns how many items it handled; a pass that found work is followed at once
 * by another, otherwise the loop sleeps `pollMs` (or until `wake()`).
 *
 * Passes never overlap inside one process (the loop and `drainOnce()` share one chain); across
 * processes the passes' own claims (leases, FOR UPDATE SKIP LOCKED) keep them apart. Timers are
 * unref'd and cleared by `stop()`, which also waits for the pass in flight, so a closing app (or a
 * Jest run) is never held open and never loses the database under a running pass.
 */
export interface WorkerLog {
  warn(message: string): void;
}

export class PollingWorker {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private started = false;
  private stopped = false;
  private wokenDuringTick = false;
  private ticking = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<number>,
    private readonly pollMs: number,
    private readonly log: WorkerLog,
  ) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /** Ask for a pass soon (new work was committed in this process). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.ticking) {
      this.wokenDuringTick = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(0);
  }

  /** Stops the loop and waits for the pass in flight. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
  }

  /**
   * Runs passes until one finds nothing due; returns how many items were handled. For tests and
   * benchmarks: deterministic, and safe while the loop also runs. Errors propagate.
   */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.exclusive(this.pass);
      total += n;
      if (n === 0) return total;
    }
  }

  private exclusive(fn: () => Promise<number>): Promise<number> {
    const run = this.chain.catch(() => undefined).then(fn);
    this.chain = run;
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    let handled = 0;
    try {
      handled = await this.exclusive(this.pass);
    } catch (err) {
      // Typically the database is unreachable; the next poll tries again.
      this.log.warn(`${this.name} pass failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.ticking = false;
    }
    const again = handled > 0 || this.wokenDuringTick;
    this.wokenDuringTick = false;
    this.schedule(again ? 0 : this.pollMs);
  }
}
