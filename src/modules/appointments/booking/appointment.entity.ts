import { StatusHistoryColumns } from '../../../common/state/index.js';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const APPOINTMENT_CHANNELS = ['online', 'app', 'mini_program', 'phone', 'walk_in', 'partner'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];
/** Channels by which customers book themselves: only what is bookable online; the front desk's live stream shows them. */
export const ONLINE_CHANNELS: readonly AppointmentChannel[] = ['online', 'app', 'mini_program'];

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'checked_in', 'in_service', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * A customer's visit to one store: ordered segments (booking_segment), each a variation with a staff
 * member and perhaps a resource, so "cut and colour with two beauticians" is one appointment.
 * `starts_at`/`ends_at` span its segments (the customer's time, buffers excluded).
 */
@Entity('appointment')
@Check('ck_appointment_status', `"status" IN ('booked', 'confirmed', 'checked_in', 'in_service', 'completed', 'cancelled', 'no_show')`)
@Check('ck_appointment_channel', `"channel" IN ('online', 'app', 'mini_program', 'phone', 'walk_in', 'partner')`)
@Check('ck_appointment_span', `"ends_at" > "starts_at"`)
@Index('ix_appointment_store_start', ['storeId', 'startsAt'])
@Index('ix_appointment_customer_start', ['customerId', 'startsAt'])
@Index('ix_appointment_series', ['seriesId'], { where: `"series_id" IS NOT NULL` })
@Check('ck_appointment_fee', `("fee_amount" IS NULL) = ("fee_currency" IS NULL) AND ("fee_amount" IS NULL OR "fee_amount" >= 0)`)
export class Appointment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `AP-20270322-0042`, by the store's local date of booking; what the front desk reads aloud. */
  @Column({ type: 'text', unique: true })
  number!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Customer', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text', default: 'booked' })
  status!: AppointmentStatus;

  @Column({ type: 'text' })
  channel!: AppointmentChannel;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text', nullable: true })
  specialRequests!: string | null;

  /** Who booked: `user`, `api_key`, `customer` (a customer session) or `system`. */
  @Column({ type: 'text' })
  bookedByType!: string;

  @Column({ type: 'uuid', nullable: true })
  bookedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason!: string | null;

  /** Who cancelled: `user`, `api_key`, `customer` (a customer session or a reminder's link) or `system`. */
  @Column({ type: 'text', nullable: true })
  cancelledByType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledById!: string | null;

  /** Cancelled within the store's cancellation window (counted on the customer; the fee is for checkout). */
  @Column({ type: 'boolean', default: false })
  lateCancellation!: boolean;

  /** What the store's policy charges for this late cancellation or no-show, for checkout to collect; null: nothing. */
  @Column({ type: 'bigint', nullable: true })
  feeAmount!: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  feeCurrency!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The occurrences of one recurring booking share it (the first occurrence's id). */
  @Column({ type: 'uuid', nullable: true })
  seriesId!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** Every move of an appointment (common/state StateTransitions writes it). */
@Entity('appointment_status_history')
@Index('ix_appointment_status_history_appointment', ['appointmentId', 'at'])
export class AppointmentStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => Appointment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  appointmentId!: string;
}
