import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Trim } from '../../../../common/validation/index.js';
import { AppointmentResponseDto } from '../../booking/dto/appointment-response.dto.js';
import { CreateAppointmentDto } from '../../booking/dto/booking.dto.js';

export const MAX_EVERY_WEEKS = 8;
export const MIN_OCCURRENCES = 2;
export const MAX_OCCURRENCES = 26;

/**
 * A booking at the desk (`POST /v1/appointments` without a hold) repeated `occurrences` times,
 * `everyWeeks` weeks apart, at the same local time in the store's zone. `startsAt` is the first one.
 */
export class CreateRecurringAppointmentsDto extends OmitType(CreateAppointmentDto, ['holdId'] as const) {
  /** Weeks between two occurrences (1: weekly, 4: every four weeks). */
  @ApiProperty({ minimum: 1, maximum: MAX_EVERY_WEEKS, example: 4 })
  @IsInt({ message: 'must be a whole number of weeks' })
  @Min(1)
  @Max(MAX_EVERY_WEEKS)
  everyWeeks!: number;

  /** How many appointments in all, the first included. */
  @ApiProperty({ minimum: MIN_OCCURRENCES, maximum: MAX_OCCURRENCES, example: 6 })
  @IsInt({ message: 'must be a whole number of appointments' })
  @Min(MIN_OCCURRENCES)
  @Max(MAX_OCCURRENCES)
  occurrences!: number;
}

/** A customer on file, with anyone free (a front end names the customer, or gives `customer` with a name and phone instead). */
export const CREATE_RECURRING_EXAMPLES = {
  demo: {
    summary: 'Every four weeks, three times (works with the demo data, `npm run seed`)',
    value: {
      storeId: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10',
      startsAt: '2027-03-22T14:00:00+08:00',
      services: [{ variationId: '7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f' }],
      customerId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      channel: 'phone',
      everyWeeks: 4,
      occurrences: 3,
    },
  },
};

/** An occurrence that could not be booked, and why (the problem booking it alone would have answered). */
export class RecurringConflictDto {
  /** The occurrence's start, with the store's offset. */
  @ApiProperty({ example: '2027-04-19T14:00:00+08:00' })
  startsAt!: string;
  @ApiProperty({ example: 'appointment.slot_taken' })
  code!: string;
  @ApiProperty({ example: 'Ana is booked from 14:00 to 15:30.' })
  detail!: string;
}

export class RecurringBookingResponseDto {
  /** The series: the id of its first booked appointment, on every occurrence as `seriesId`. */
  @ApiProperty({ format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  seriesId!: string;
  /** The occurrences booked, in time order. */
  @ApiProperty({ type: [AppointmentResponseDto] })
  booked!: AppointmentResponseDto[];
  /** The occurrences not booked, in time order. */
  @ApiProperty({ type: [RecurringConflictDto] })
  conflicts!: RecurringConflictDto[];
}

export class CancelSeriesDto {
  /** Why: kept on each appointment's history and told to the customer (staff always say why they cancel). */
  @ApiProperty({ example: '顾客搬家 The customer moved away' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class SeriesCancelResponseDto {
  @ApiProperty({ format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  seriesId!: string;
  /** The future occurrences cancelled now, in time order (past, completed and already cancelled ones are left as they are). */
  @ApiProperty({ type: [AppointmentResponseDto] })
  cancelled!: AppointmentResponseDto[];
}
