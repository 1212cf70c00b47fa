/**
 * Milliseconds to wait before the attempt after failed attempt number `attempt` (1-based), with
 * pg-boss 10's formula so both queues retry alike: without backoff `delay`; with backoff
 * `delay * 2^(attempt-1) * (1 + random)` where delay is at least 1 s (exponent capped at 16).
 */
export function retryDelayMs(
  attempt: number,
  delaySeconds: number,
  backoff: boolean,
  random: () => number = Math.random,
): number {
  if (!backoff) return delaySeconds * 1000;
  const base = Math.max(delaySeconds, 1) * 2 ** (Math.min(16, attempt) - 1);
  return Math.round((base + base * random()) * 1000);
}
