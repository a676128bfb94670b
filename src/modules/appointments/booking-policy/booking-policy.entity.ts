import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How one store takes bookings. No row: the defaults (DEFAULT_BOOKING_POLICY). Managers of the store
 * change it; appointments read it with every availability search and booking.
 */
@Entity('booking_policy')
@Check('ck_booking_policy_slot', `"slot_minutes" IN (5, 10, 15, 20, 30, 60)`)
@Check('ck_booking_policy_notice', `"min_notice_minutes" BETWEEN 0 AND 20160`)
@Check('ck_booking_policy_horizon', `"horizon_days" BETWEEN 1 AND 366`)
@Check('ck_booking_policy_cap', `"daily_cap_per_staff" IS NULL OR "daily_cap_per_staff" BETWEEN 1 AND 100`)
@Check('ck_booking_policy_cancellation', `"cancellation_window_minutes" BETWEEN 0 AND 20160`)
@Check(
  'ck_booking_policy_fee',
  `("late_cancellation_fee_amount" IS NULL OR "late_cancellation_fee_amount" >= 0) AND (("late_cancellation_fee_amount" IS NULL) = ("late_cancellation_fee_currency" IS NULL))`,
)
@Check('ck_booking_policy_no_show', `"no_show_after_minutes" IS NULL OR "no_show_after_minutes" BETWEEN 0 AND 1440`)
@Check('ck_booking_policy_hold', `"hold_minutes" BETWEEN 1 AND 60`)
export class BookingPolicy {
  /** Cross-module reference by entity name: appointments reads stores through their service. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  storeId!: string;

  /** Start times are offered every this many minutes from the local hour. */
  @Column({ type: 'int', default: 15 })
  slotMinutes!: number;

  /** The earliest bookable start is this long after now. */
  @Column({ type: 'int', default: 60 })
  minNoticeMinutes!: number;

  /** The latest bookable start is this many days ahead. */
  @Column({ type: 'int', default: 60 })
  horizonDays!: number;

  /** Most appointments one staff member takes in a local day; null: no cap. */
  @Column({ type: 'int', nullable: true })
  dailyCapPerStaff!: number | null;

  /** A cancellation this close to the start is late (counted on the customer, fee recorded). */
  @Column({ type: 'int', default: 1440 })
  cancellationWindowMinutes!: number;

  @Column({ type: 'bigint', nullable: true })
  lateCancellationFeeAmount!: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  lateCancellationFeeCurrency!: string | null;

  /** Never checked in this long after the end: a no-show, set automatically; null: only by hand. */
  @Column({ type: 'int', nullable: true, default: 30 })
  noShowAfterMinutes!: number | null;

  /** Reminders this many minutes before the start (24 h and 2 h by default). */
  @Column({ type: 'int', array: true, default: () => `'{1440,120}'` })
  reminderOffsetsMinutes!: number[];

  /** How long a hold keeps a slot. */
  @Column({ type: 'int', default: 5 })
  holdMinutes!: number;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
