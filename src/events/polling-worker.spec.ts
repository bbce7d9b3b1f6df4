import { PollingWorker } from './polling-worker';

const quiet = { warn: () => undefined };
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('PollingWorker', () => {
  it('drainOnce runs passes until one finds nothing, and never overlaps them', async () => {
    let queue = 5;
    let running = 0;
    let maxRunning = 0;
    const worker = new PollingWorker('test', async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick(1);
      running--;
      const n = Math.min(2, queue);
      queue -= n;
      return n;
    }, 10_000, quiet);
    worker.start();
    const [a, b] = await Promise.all([worker.drainOnce(), worker.drainOnce()]);
    expect(a + b).toBeLessThanOrEqual(5); // the loop may have taken some
    expect(queue).toBe(0);
    expect(maxRunning).toBe(1);
    await worker.stop();
  });

  it('polls, wakes early, survives a failing pass, and stop() waits for the pass in flight', async () => {
    const calls: number[] = [];
    let fail = true;
    let release!: () => void;
    let blocked: Promise<void> | null = null;
    const warnings: string[] = [];
    const worker = new PollingWorker('test', async () => {
      calls.push(Date.now());
      if (fail) {
        fail = false;
        throw new Error('database unreachable');
      }
      if (blocked) await blocked;
      return 0;
    }, 20, { warn: (m) => warnings.push(m) });
    worker.start();
    await tick(70);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toBe('test pass failed: database unreachable');

    blocked = new Promise((r) => (release = r));
    const before = calls.length;
    worker.wake();
    await tick(5);
    expect(calls.length).toBe(before + 1);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await tick(5);
    expect(stopped).toBe(false);
    release();
    await stopping;
    const after = calls.length;
    await tick(60);
    expect(calls.length).toBe(after); // no timer left behind
  });
});
