/**
 * Reading a store's booking policy: the one SQL select list (also folded into the availability
 * loader's statement) and the mapping to BookingPolicyValues, defaults filled in when there is no row.
 */
import { Inject, Injectable } from '@nestjs/common';
import { currentTransaction, Db, type TransactionContext } from '../../../common/database/index.js';
import { moneyOf } from '../../../common/money/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { DEFAULT_BOOKING_POLICY, type BookingPolicyValues } from './booking-policy.js';

/** A `booking_policy` row as POLICY_COLUMNS reads it (bigint as text; through json as a number). */
export interface BookingPolicyRow {
  storeId: string;
  slotMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  dailyCapPerStaff: number | null;
  cancellationWindowMinutes: number;
  feeAmount: string | number | null;
  feeCurrency: string | null;
  noShowAfterMinutes: number | null;
  reminderOffsetsMinutes: number[];
  holdMinutes: number;
  version: number;
  updatedAt: Date | string;
}

/** The select list of `booking_policy p`. */
export const POLICY_COLUMNS = `p.store_id AS "storeId", p.slot_minutes AS "slotMinutes", p.min_notice_minutes AS "minNoticeMinutes",
  p.horizon_days AS "horizonDays", p.daily_cap_per_staff AS "dailyCapPerStaff", p.cancellation_window_minutes AS "cancellationWindowMinutes",
  p.late_cancellation_fee_amount::text AS "feeAmount", p.late_cancellation_fee_currency AS "feeCurrency", p.no_show_after_minutes AS "noShowAfterMinutes",
  p.reminder_offsets_minutes AS "reminderOffsetsMinutes", p.hold_minutes AS "holdMinutes", p.version, p.updated_at AS "updatedAt"`;

/** The policy in effect: the row's, or the defaults (version 0) when the store has none. */
export function toPolicyValues(storeId: string, row: BookingPolicyRow | null | undefined): BookingPolicyValues {
  if (!row) return { storeId, ...DEFAULT_BOOKING_POLICY, reminderOffsetsMinutes: [...DEFAULT_BOOKING_POLICY.reminderOffsetsMinutes] };
  return {
    storeId: row.storeId,
    slotMinutes: row.slotMinutes,
    minNoticeMinutes: row.minNoticeMinutes,
    horizonDays: row.horizonDays,
    dailyCapPerStaff: row.dailyCapPerStaff,
    cancellationWindowMinutes: row.cancellationWindowMinutes,
    lateCancellationFee: row.feeAmount === null || row.feeCurrency === null ? null : moneyOf(row.feeAmount, row.feeCurrency.trim()),
    noShowAfterMinutes: row.noShowAfterMinutes,
    reminderOffsetsMinutes: [...row.reminderOffsetsMinutes],
    holdMinutes: row.holdMinutes,
    version: row.version,
  };
}

/** Policies read in a transaction, dropped with it. */
const PER_TRANSACTION = new WeakMap<TransactionContext, Map<string, BookingPolicyValues>>();

/** The rest of the module's way to a store's policy (booking, reminders, no-shows). */
@Injectable()
export class BookingPolicies {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * One query; the defaults when the store has no policy of its own (or names no store: callers check
   * the store). Inside a transaction, read once: a booking's reactions (no-show deadline, reminders)
   * each ask for the policy the booking itself loaded.
   */
  async forStore(storeId: string): Promise<BookingPolicyValues> {
    if (!isUuid(storeId)) return toPolicyValues(storeId, null);
    const known = this.known()?.get(storeId);
    if (known) return known;
    const [row] = await this.db.rows<BookingPolicyRow>(`SELECT ${POLICY_COLUMNS} FROM booking_policy p WHERE p.store_id = $1`, [storeId]);
    return this.remember(toPolicyValues(storeId, row));
  }

  /** A policy read inside the current transaction (with the availability inputs' statement): later reads there use it. */
  remember(policy: BookingPolicyValues): BookingPolicyValues {
    const transaction = currentTransaction();
    if (transaction) {
      const known = PER_TRANSACTION.get(transaction) ?? new Map<string, BookingPolicyValues>();
      known.set(policy.storeId, policy);
      PER_TRANSACTION.set(transaction, known);
    }
    return policy;
  }

  /** A store's policy changed in this transaction: read it afresh. */
  forget(storeId: string): void {
    this.known()?.delete(storeId);
  }

  private known(): Map<string, BookingPolicyValues> | undefined {
    const transaction = currentTransaction();
    return transaction ? PER_TRANSACTION.get(transaction) : undefined;
  }

  /** With the row's last change, for the API (null while the defaults apply). */
  async withUpdatedAt(storeId: string, lock = false): Promise<{ policy: BookingPolicyValues; updatedAt: Date | null }> {
    const [row] = await this.db.rows<BookingPolicyRow>(`SELECT ${POLICY_COLUMNS} FROM booking_policy p WHERE p.store_id = $1${lock ? ' FOR UPDATE' : ''}`, [storeId]);
    return { policy: toPolicyValues(storeId, row), updatedAt: row ? new Date(row.updatedAt) : null };
  }
}
