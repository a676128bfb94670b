/**
 * What a store's policy says about calling an appointment off (pure): a cancellation is late when it
 * comes less than `cancellationWindowMinutes` before the start (or after it), and a late cancellation
 * or a no-show records the policy's fee for checkout to collect.
 */
import type { Money } from '../../../common/money/index.js';
import type { BookingPolicyValues } from '../booking-policy/booking-policy.js';

export interface CancellationTerms {
  late: boolean;
  /** What checkout will charge; null: nothing. */
  fee: Money | null;
}

type Policy = Pick<BookingPolicyValues, 'cancellationWindowMinutes' | 'lateCancellationFee'>;

export function cancellationTerms(startsAt: Date, now: Date, policy: Policy): CancellationTerms {
  const late = now.getTime() > startsAt.getTime() - policy.cancellationWindowMinutes * 60_000;
  return { late, fee: late ? policy.lateCancellationFee : null };
}

/** A no-show costs what a late cancellation does. */
export function noShowFee(policy: Policy): Money | null {
  return policy.lateCancellationFee;
}
