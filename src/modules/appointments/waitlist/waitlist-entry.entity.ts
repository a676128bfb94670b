import { StatusHistoryColumns } from '../../../common/state/index.js';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Appointment } from '../booking/appointment.entity.js';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'cancelled', 'expired'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/**
 * A customer waiting for a service at a store within local dates (and perhaps a time of day and a
 * staff member). When a matching slot frees up, the oldest waiting entries (`created_at` is the queue
 * order) are offered one hold together; the first to accept books it (waitlist-state.ts).
 */
@Entity('waitlist_entry')
@Check('ck_waitlist_entry_status', `"status" IN ('waiting', 'offered', 'booked', 'cancelled', 'expired')`)
@Check('ck_waitlist_entry_dates', `"date_to" >= "date_from"`)
@Check('ck_waitlist_entry_times', `("time_from" IS NULL) = ("time_to" IS NULL) AND ("time_from" IS NULL OR "time_to" > "time_from")`)
@Check('ck_waitlist_entry_variations', `cardinality("variation_ids") BETWEEN 1 AND 3`)
@Check('ck_waitlist_entry_offer', `"status" <> 'offered' OR ("offer_hold_id" IS NOT NULL AND "offer_expires_at" IS NOT NULL)`)
// Matching a freed slot: the store's waiting entries, oldest first.
@Index('ix_waitlist_entry_store_status_created', ['storeId', 'status', 'createdAt'])
// Ending the other offers of a hold when one is accepted, and offers whose hold has expired.
@Index('ix_waitlist_entry_offer_hold', ['offerHoldId'], { where: `"offer_hold_id" IS NOT NULL` })
@Index('ix_waitlist_entry_created', ['createdAt', 'id'])
export class WaitlistEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Customer', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  customerId!: string;

  /** The service variations wanted, in the order they are done (a freed slot matches when it has the same ones). */
  @Column({ type: 'uuid', array: true })
  variationIds!: string[];

  /** Only with this staff member; null: anyone. */
  @ForeignKey('StaffMember', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  staffMemberId!: string | null;

  /** The local dates (in the store's zone), both included. */
  @Column({ type: 'date' })
  dateFrom!: string;

  @Column({ type: 'date' })
  dateTo!: string;

  /** A local time-of-day window the whole visit must fit in; null: any time the store is open. */
  @Column({ type: 'time', nullable: true })
  timeFrom!: string | null;

  @Column({ type: 'time', nullable: true })
  timeTo!: string | null;

  @Column({ type: 'text', default: 'waiting' })
  status!: WaitlistStatus;

  /**
   * The hold of the current (while `offered`) or last offer, kept after the offer ended so a late
   * accept can be told the slot was taken. No foreign key: a hold row goes away when it is booked or
   * expires.
   */
  @Column({ type: 'uuid', nullable: true })
  offerHoldId!: string | null;

  /** When the last offer was sent, and until when it could be accepted (kept after it ended). */
  @Column({ type: 'timestamptz', nullable: true })
  offeredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  offerExpiresAt!: Date | null;

  /** The appointment the accepted offer booked. */
  @ForeignKey(() => Appointment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  appointmentId!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** Every move of a waitlist entry (common/state StateTransitions writes it). */
@Entity('waitlist_entry_status_history')
@Index('ix_waitlist_entry_status_history_entry', ['waitlistEntryId', 'at'])
export class WaitlistEntryStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => WaitlistEntry, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  waitlistEntryId!: string;
}
