import fc from 'fast-check';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base with no jitter at the top of the range', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, top))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('stays between half and all of the step', () => {
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(3000);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    expect(backoffDelay(500, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('is never negative and never above the capped step, for any attempt and jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, base, r) => {
        const max = base * 100;
        const delay = backoffDelay(attempt, base, max, () => r);
        const step = Math.min(max, base * 2 ** Math.min(attempt - 1, 30));
        return delay >= Math.floor(step / 2) && delay <= step;
      }),
    );
  });

  it('grows with the attempt number (comparing the low ends of the ranges)', () => {
    const low = () => 0;
    for (let n = 1; n < 10; n++) expect(backoffDelay(n + 1, 500, 1e9, low)).toBeGreaterThan(backoffDelay(n, 500, 1e9, low));
  });
});
