/**
 * Delay before retry number `attempt` (1 = the first retry): exponential from `baseMs`, capped at
 * `maxMs`, with "equal jitter" (between half and all of the step) so messages that failed together
 * do not all come back at the same instant.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const step = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(step / 2 + (step / 2) * random());
}
