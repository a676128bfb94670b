import { ApiProperty } from '@nestjs/swagger';
import { instantFormatter } from '../../../../common/clock/index.js';
import { MoneyResponseDto, moneyOf } from '../../../../common/money/index.js';
import { ProposedSegmentDto } from '../../availability/dto/availability.dto.js';
import { APPOINTMENT_CHANNELS, APPOINTMENT_STATUSES, type AppointmentChannel, type AppointmentStatus } from '../appointment.entity.js';
import type { AppointmentRecord } from '../appointment-records.js';
import { appointmentStates, UPCOMING_STATES } from '../appointment-state.js';

export const APPOINTMENT_ACTIONS = ['confirm', 'check_in', 'start', 'complete', 'cancel', 'no_show', 'reschedule'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

/** Named apart from customers' SegmentResponseDto: OpenAPI schemas are named by class, and one name would stand for both. */
export class BookingSegmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  variationId!: string;
  @ApiProperty({ format: 'uuid' })
  staffMemberId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  resourceId!: string | null;
  /** ISO 8601 with the store's offset: the customer's time (buffers excluded). */
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  /** The price when booked, by the staff member's level. */
  @ApiProperty({ type: MoneyResponseDto })
  price!: MoneyResponseDto;
}

export class AppointmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** What the front desk reads aloud. */
  @ApiProperty({ example: 'AP-20270322-0042' })
  number!: string;
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ format: 'uuid' })
  customerId!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: AppointmentStatus;
  @ApiProperty({ enum: APPOINTMENT_CHANNELS })
  channel!: AppointmentChannel;
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  @ApiProperty({ type: [BookingSegmentResponseDto] })
  segments!: BookingSegmentResponseDto[];
  /** The sum of the segments' prices. */
  @ApiProperty({ type: MoneyResponseDto })
  price!: MoneyResponseDto;
  @ApiProperty({ type: String, nullable: true })
  notes!: string | null;
  @ApiProperty({ type: String, nullable: true })
  specialRequests!: string | null;
  /** `user`, `api_key`, `customer` or `system`. */
  @ApiProperty({ example: 'user' })
  bookedByType!: string;
  @ApiProperty({ type: String, nullable: true })
  cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  cancelledByType!: string | null;
  /** Cancelled within the store's cancellation window. */
  @ApiProperty()
  lateCancellation!: boolean;
  /** The late-cancellation or no-show fee of the store's policy, for checkout to collect. */
  @ApiProperty({ type: MoneyResponseDto, nullable: true })
  fee!: MoneyResponseDto | null;
  @ApiProperty({ type: String, nullable: true })
  checkedInAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  completedAt!: string | null;
  /** The recurring series it belongs to. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  seriesId!: string | null;
  /** What may be done next (`POST /v1/appointments/{id}/<action>`, with `check_in` → `check-in`, `no_show` → `no-show`). */
  @ApiProperty({ enum: APPOINTMENT_ACTIONS, isArray: true })
  allowedActions!: AppointmentAction[];
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}

const ACTION_TARGET: Record<Exclude<AppointmentAction, 'reschedule'>, AppointmentStatus> = {
  confirm: 'confirmed',
  check_in: 'checked_in',
  start: 'in_service',
  complete: 'completed',
  cancel: 'cancelled',
  no_show: 'no_show',
};

export function allowedActions(status: AppointmentStatus): AppointmentAction[] {
  const actions = (Object.entries(ACTION_TARGET) as Array<[AppointmentAction, AppointmentStatus]>)
    .filter(([, target]) => appointmentStates.canTransition(status, target))
    .map(([action]) => action);
  if (UPCOMING_STATES.includes(status)) actions.push('reschedule');
  return actions;
}

export function toAppointmentResponse(record: AppointmentRecord): AppointmentResponseDto {
  const at = instantFormatter(record.timeZone);
  const optional = (date: Date | null) => (date ? at(date.getTime()) : null);
  return {
    id: record.id,
    number: record.number,
    storeId: record.storeId,
    timeZone: record.timeZone,
    customerId: record.customerId,
    status: record.status,
    channel: record.channel,
    start: at(record.startsAt.getTime()),
    end: at(record.endsAt.getTime()),
    segments: record.segments.map((segment) => ({
      id: segment.id,
      variationId: segment.variationId,
      staffMemberId: segment.staffMemberId,
      resourceId: segment.resourceId,
      start: at(segment.startsAt.getTime()),
      end: at(segment.endsAt.getTime()),
      price: moneyOf(segment.price.amount, segment.price.currency),
    })),
    price: moneyOf(record.price.amount, record.price.currency),
    notes: record.notes,
    specialRequests: record.specialRequests,
    bookedByType: record.bookedByType,
    cancelledAt: optional(record.cancelledAt),
    cancelReason: record.cancelReason,
    cancelledByType: record.cancelledByType,
    lateCancellation: record.lateCancellation,
    fee: record.fee ? moneyOf(record.fee.amount, record.fee.currency) : null,
    checkedInAt: optional(record.checkedInAt),
    completedAt: optional(record.completedAt),
    seriesId: record.seriesId,
    allowedActions: allowedActions(record.status),
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export class HoldResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  customerId!: string | null;
  /** Book it before then (`POST /v1/appointments` with `holdId`); after, the slot is free again. */
  @ApiProperty({ example: '2027-03-20T09:05:00+08:00' })
  expiresAt!: string;
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  /** Who does what, where: what the booking will hold. */
  @ApiProperty({ type: [ProposedSegmentDto] })
  segments!: ProposedSegmentDto[];
  @ApiProperty({ type: MoneyResponseDto })
  price!: MoneyResponseDto;
}
