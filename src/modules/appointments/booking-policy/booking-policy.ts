/** A store's booking policy as the code uses it; the defaults apply when the store has no row. */
import type { Money } from '../../../common/money/index.js';

export interface BookingPolicyValues {
  storeId: string;
  slotMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  dailyCapPerStaff: number | null;
  cancellationWindowMinutes: number;
  lateCancellationFee: Money | null;
  noShowAfterMinutes: number | null;
  reminderOffsetsMinutes: number[];
  holdMinutes: number;
  /** 0 while the store uses the defaults. */
  version: number;
}

export const DEFAULT_BOOKING_POLICY: Omit<BookingPolicyValues, 'storeId'> = {
  slotMinutes: 15,
  minNoticeMinutes: 60,
  horizonDays: 60,
  dailyCapPerStaff: null,
  cancellationWindowMinutes: 1440,
  lateCancellationFee: null,
  noShowAfterMinutes: 30,
  reminderOffsetsMinutes: [1440, 120],
  holdMinutes: 5,
  version: 0,
};
