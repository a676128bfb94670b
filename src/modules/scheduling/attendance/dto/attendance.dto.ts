import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, Trim } from '../../../../common/validation/index.js';
import { IsInstant, IsPlainDate } from '../../../../common/validation/index.js';
import type { ClockSource } from '../attendance-record.entity.js';

const SOURCES: ClockSource[] = ['self', 'front_desk', 'manager'];
const EXAMPLE_RECORD = '7a2b9c4d-1e3f-4a5b-8c6d-9e0f1a2b3c4d';
const EXAMPLE_STAFF = '8d3f2a1b-6c5e-4d7f-8a9b-0c1d2e3f4a56';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_SHIFT = '4b6c8d0e-2f3a-4b5c-9d7e-1f2a3b4c5d6e';
const EXAMPLE_USER = '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41';

export class ClockInDto {
  /** Where they start work: one of their stores (and yours). */
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  @IsUUID()
  storeId!: string;

  /**
   * Managers only: when they really arrived, within the last 24 hours (for someone who forgot to clock
   * in); now when left out. No example: a fixed time would soon be more than 24 hours ago.
   */
  @ApiPropertyOptional({ description: 'Managers only: when they really arrived (the last 24 hours); now when left out' })
  @IsOptionalNotNull()
  @IsInstant()
  at?: string;
}

export class ClockOutDto {
  /** Managers only: when they really left, within the last 24 hours; now when left out. */
  @ApiPropertyOptional({ description: 'Managers only: when they really left (the last 24 hours); now when left out' })
  @IsOptionalNotNull()
  @IsInstant()
  at?: string;
}

/** Give the times that were wrong (one or both) and why; the record keeps what it was in its corrections. */
export class CorrectAttendanceDto {
  @ApiPropertyOptional({ example: '2026-11-23T09:58:00+08:00' })
  @IsOptionalNotNull()
  @IsInstant()
  clockInAt?: string;

  @ApiPropertyOptional({ example: '2026-11-23T19:02:00+08:00' })
  @IsOptionalNotNull()
  @IsInstant()
  clockOutAt?: string;

  /** Why the times were wrong: kept with the correction. */
  @ApiProperty({ example: '忘记打卡 Forgot to clock out' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AttendanceQueryDto {
  /** First local date (in each store's time zone), inclusive. */
  @ApiProperty({ format: 'date', example: '2026-11-16' })
  @IsPlainDate()
  from!: string;

  /** Last local date, inclusive; at most 62 days from `from`, both counted. */
  @ApiProperty({ format: 'date', example: '2026-11-22' })
  @IsPlainDate()
  to!: string;
}

export class CorrectionListQueryDto extends PageQueryDto {}

export class AttendanceRecordDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_RECORD })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STAFF })
  staffMemberId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  /** The planned shift it was matched to; null: unplanned work. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE_SHIFT })
  shiftId!: string | null;
  @ApiProperty({ example: '2026-11-23T01:58:00.000Z' })
  clockInAt!: Date;
  /** Null while they are at work. */
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-23T11:02:00.000Z' })
  clockOutAt!: Date | null;
  /** `self`: they clocked themselves; `front_desk`: the front desk (or a time clock with an API key); `manager`: a manager. */
  @ApiProperty({ enum: SOURCES, example: 'self' })
  clockInSource!: ClockSource;
  @ApiProperty({ enum: SOURCES, nullable: true, example: 'front_desk' })
  clockOutSource!: ClockSource | null;
  /** The user who clocked them in (null: an API key). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE_USER })
  clockInBy!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE_USER })
  clockOutBy!: string | null;
  /** Send it back in `If-Match` to correct the record. */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-23T01:58:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-23T11:02:00.000Z' })
  updatedAt!: Date;
}

export class ShiftAttendanceDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_SHIFT })
  shiftId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ example: '2026-11-23T02:00:00.000Z' })
  start!: Date;
  @ApiProperty({ example: '2026-11-23T11:00:00.000Z' })
  end!: Date;
  /** The shift minus its breaks. */
  @ApiProperty({ example: 495 })
  plannedMinutes!: number;
  /** Clocked time matched to this shift (an open record counts until now). */
  @ApiProperty({ example: 544 })
  workedMinutes!: number;
  /** From the start of the shift to the first clock-in, when that is later than the grace (ATTENDANCE_GRACE_MINUTES). */
  @ApiProperty({ example: 0 })
  lateMinutes!: number;
  /** From the last clock-out to the end of the shift, when they left before it. */
  @ApiProperty({ example: 0 })
  earlyLeaveMinutes!: number;
  /** The shift has ended and nobody clocked them in for it. */
  @ApiProperty({ example: false })
  absent!: boolean;
}

export class AttendanceDayDto {
  /** A local date (each store's time zone). */
  @ApiProperty({ format: 'date', example: '2026-11-23' })
  date!: string;
  @ApiProperty({ example: 495 })
  plannedMinutes!: number;
  /** All clocked time that day, planned or not. */
  @ApiProperty({ example: 544 })
  workedMinutes!: number;
  @ApiProperty({ example: 0 })
  lateMinutes!: number;
  @ApiProperty({ example: 0 })
  earlyLeaveMinutes!: number;
  /** A planned shift that day ended with no record. */
  @ApiProperty({ example: false })
  absent!: boolean;
  /** Clocked time matched to no shift. */
  @ApiProperty({ example: 0 })
  unplannedMinutes!: number;
  @ApiProperty({ type: [ShiftAttendanceDto] })
  shifts!: ShiftAttendanceDto[];
}

export class AttendanceReportDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STAFF })
  staffMemberId!: string;
  @ApiProperty({ format: 'date', example: '2026-11-16' })
  from!: string;
  @ApiProperty({ format: 'date', example: '2026-11-22' })
  to!: string;
  /** Minutes after the start of a shift that still count as on time. */
  @ApiProperty({ example: 5 })
  graceMinutes!: number;
  /** Their records counting for these dates (at the stores you see), by clock-in. */
  @ApiProperty({ type: [AttendanceRecordDto] })
  records!: AttendanceRecordDto[];
  /** One entry per date from `from` to `to`. */
  @ApiProperty({ type: [AttendanceDayDto] })
  days!: AttendanceDayDto[];
}

export class ClockTimesDto {
  @ApiProperty({ example: '2026-11-23T02:30:00.000Z' })
  clockInAt!: Date;
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-23T11:00:00.000Z' })
  clockOutAt!: Date | null;
}

export class AttendanceCorrectionDto {
  @ApiProperty({ format: 'uuid', example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_RECORD })
  attendanceRecordId!: string;
  /** The manager who corrected it (null: an API key). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE_USER })
  correctedBy!: string | null;
  @ApiProperty({ example: '忘记打卡 Forgot to clock out' })
  reason!: string;
  @ApiProperty({ type: ClockTimesDto })
  before!: ClockTimesDto;
  @ApiProperty({ type: ClockTimesDto })
  after!: ClockTimesDto;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' })
  at!: Date;
}
