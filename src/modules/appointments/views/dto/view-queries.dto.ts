import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { AsList, IsPlainDate } from '../../../../common/validation/index.js';
import { APPOINTMENT_CHANNELS, APPOINTMENT_STATUSES, type AppointmentChannel, type AppointmentStatus } from '../../booking/appointment.entity.js';

/** The longest range `GET /v1/appointments` lists, both dates counted. */
export const MAX_LIST_DAYS = 92;
export const BOOK_DAYS = [1, 7] as const;
export const BOOK_BY = ['staff', 'resource'] as const;
export type BookBy = (typeof BOOK_BY)[number];

const ToInt = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : value));

export class AppointmentListQueryDto extends PageQueryDto {
  /** The store; may be left out by a caller who sees exactly one store. */
  @ApiPropertyOptional({ format: 'uuid', description: 'The store (required unless you see only one)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Appointments starting on or after this local date (the store’s zone)' })
  @IsOptional()
  @IsPlainDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: `Appointments starting on or before this local date; at most ${MAX_LIST_DAYS} days with \`from\`` })
  @IsOptional()
  @IsPlainDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only appointments with a service by this staff member' })
  @IsOptional()
  @IsUUID('all')
  staffMemberId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this customer’s appointments' })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;

  /** Repeat the parameter for several: `status=booked&status=confirmed`. */
  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES, isArray: true, description: 'Only these states (repeat the parameter); all when left out' })
  @IsOptional()
  @AsList()
  @IsArray()
  @ArrayMaxSize(APPOINTMENT_STATUSES.length)
  @IsIn(APPOINTMENT_STATUSES, { each: true })
  status?: AppointmentStatus[];

  @ApiPropertyOptional({ enum: APPOINTMENT_CHANNELS, description: 'Only appointments booked through this channel' })
  @IsOptional()
  @IsIn(APPOINTMENT_CHANNELS)
  channel?: AppointmentChannel;
}

export class AppointmentBookQueryDto {
  @ApiProperty({ format: 'date', example: '2027-03-22', description: 'The first local date shown (the store’s zone)' })
  @IsPlainDate()
  date!: string;

  @ApiPropertyOptional({ enum: BOOK_DAYS, default: 1, description: 'A day (1) or a week (7) from `date`' })
  @IsOptional()
  @ToInt()
  @IsIn(BOOK_DAYS)
  days?: (typeof BOOK_DAYS)[number];

  @ApiPropertyOptional({ enum: BOOK_BY, default: 'staff', description: 'One column per staff member, or per resource (room, chair, machine)' })
  @IsOptional()
  @IsIn(BOOK_BY)
  by?: BookBy;
}

export class StaffDayQueryDto {
  @ApiProperty({ format: 'date', example: '2027-03-22', description: 'The local date, in the zone of each appointment’s store' })
  @IsPlainDate()
  date!: string;
}

export class ArrivalsQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'The local date; today in the store’s zone when left out' })
  @IsOptional()
  @IsPlainDate()
  date?: string;
}
