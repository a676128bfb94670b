import { Check, Column, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AppointmentHold } from './appointment-hold.entity.js';
import { Appointment } from './appointment.entity.js';

/**
 * One service of an appointment (or of a hold): a variation, by a staff member, perhaps in a resource,
 * from `starts_at` to `ends_at` (the customer's time). The database forbids double-booking:
 * - `staff_busy`: when the staff member is occupied — the active and finishing blocks and the clean-up
 *   buffer, NOT the processing block (colour develops: they serve someone else meanwhile);
 * - `resource_busy`: the whole service and its buffer (the chair is not free while colour develops);
 * and active segments of one staff member (or resource) never overlap there (`ex_segment_staff`,
 * `ex_segment_resource`). `active` is false once the appointment is cancelled or a no-show.
 */
@Entity('booking_segment')
@Check('ck_booking_segment_owner', `("appointment_id" IS NULL) <> ("hold_id" IS NULL)`)
@Check('ck_booking_segment_span', `"ends_at" > "starts_at"`)
@Check('ck_booking_segment_price', `"price_amount" >= 0 AND "currency" ~ '^[A-Z]{3}$'`)
@Check('ck_booking_segment_resource', `("resource_id" IS NULL) = ("resource_busy" IS NULL)`)
@Exclusion('ex_segment_staff', `USING gist ("staff_member_id" WITH =, "staff_busy" WITH &&) WHERE ("active")`)
@Exclusion('ex_segment_resource', `USING gist ("resource_id" WITH =, "resource_busy" WITH &&) WHERE ("active" AND "resource_id" IS NOT NULL)`)
@Index('ix_booking_segment_appointment', ['appointmentId', 'position'])
@Index('ix_booking_segment_hold', ['holdId'])
@Index('ix_booking_segment_store_start', ['storeId', 'startsAt'], { where: `"active"` })
// A staff member's calendar feed reads their segments by time, cancelled ones (inactive) included.
@Index('ix_booking_segment_staff_start', ['staffMemberId', 'startsAt'])
// A store's booked resource time in a window (GiST, written in its migration): the search reads it without scanning the store's history.
@Index('ix_booking_segment_store_resource_busy', { synchronize: false })
export class BookingSegment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Appointment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  appointmentId!: string | null;

  /** A held segment goes with its hold (deleted when it expires, moved to the appointment when booked). */
  @ForeignKey(() => AppointmentHold, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid', nullable: true })
  holdId!: string | null;

  /** Order within the appointment (0, 1, …). */
  @Column({ type: 'int' })
  position!: number;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('ServiceVariation', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  variationId!: string;

  @ForeignKey('StaffMember', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  staffMemberId!: string;

  @ForeignKey('Resource', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  resourceId!: string | null;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'tstzmultirange' })
  staffBusy!: string;

  @Column({ type: 'tstzrange', nullable: true })
  resourceBusy!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The price when booked (by the staff member's level), minor units. */
  @Column({ type: 'bigint' })
  priceAmount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;
}
