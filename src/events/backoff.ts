/**
 * Delay before retry `attempt` (1 = the first retry): exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so receivers recovering from an outage are not hit by
 * every sender at the same instant, while the delay still grows.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.round(exp / 2 + random() * (exp / 2));
}
