import fc from 'fast-check';
import { afterFailure, describeFailure } from './event-delivery-state.js';

const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 60_000 };

describe('afterFailure', () => {
  it('retries until the last attempt, then the delivery is dead', () => {
    expect(afterFailure(1, policy, () => 1)).toEqual({ status: 'pending', delayMs: 1000 });
    expect(afterFailure(4, policy, () => 1)).toEqual({ status: 'pending', delayMs: 8000 });
    expect(afterFailure(5, policy)).toEqual({ status: 'dead' });
    expect(afterFailure(6, policy)).toEqual({ status: 'dead' });
  });

  it('waits longer (or as long, once capped) after each attempt, never more than the cap, never less than half the step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 10_000_000 }), (attempt, baseMs, maxMs) => {
        const p = { maxAttempts: 100, baseMs, maxMs };
        const lowest = afterFailure(attempt, p, () => 0);
        const highest = afterFailure(attempt, p, () => 1);
        const nextLowest = afterFailure(attempt + 1, p, () => 0);
        if (lowest.status !== 'pending' || highest.status !== 'pending' || nextLowest.status !== 'pending') return false;
        return highest.delayMs <= maxMs && lowest.delayMs * 2 >= highest.delayMs - 1 && nextLowest.delayMs >= lowest.delayMs;
      }),
    );
  });

  it('is dead exactly from maxAttempts on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 60 }), (maxAttempts, attempt) => {
        return (afterFailure(attempt, { ...policy, maxAttempts }).status === 'dead') === attempt >= maxAttempts;
      }),
    );
  });
});

describe('describeFailure', () => {
  it("keeps a domain error's code, else the error's class, and cuts long messages", () => {
    const domain = Object.assign(new Error('No customer 1.'), { code: 'customer.not_found' });
    expect(describeFailure(domain)).toEqual({ code: 'customer.not_found', message: 'No customer 1.' });
    expect(describeFailure(new TypeError('x'.repeat(900)))).toEqual({ code: 'TypeError', message: 'x'.repeat(500) });
    // pg's SQLSTATE codes are not ours to show as codes: the class says more.
    expect(describeFailure(Object.assign(new Error('deadlock'), { code: '40P01' })).code).toBe('Error');
    expect(describeFailure('plain')).toEqual({ code: 'unknown', message: 'plain' });
  });
});
