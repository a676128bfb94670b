import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { formatInstant } from '../../../../common/clock/index.js';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, NestedObjects, Trim } from '../../../../common/validation/index.js';
import { END_TIME, MAX_BREAKS, START_TIME } from '../shift-day.js';
import type { ShiftSource, ShiftStatus } from '../shift.entity.js';
import type { ShiftRow } from '../shift-sql.js';
import { EndAfterStart, ValidBreaks } from '../shift.validators.js';
import { IsPlainDate } from '../../../../common/validation/index.js';
import { localTimeOf } from '../template-expansion.js';

const START_MESSAGE = 'must be a time HH:mm from 00:00 to 23:59';
const END_MESSAGE = 'must be a time HH:mm from 00:01 to 24:00';

/** A break inside a shift, local wall-clock time in the store's zone. */
export class BreakDto {
  @ApiProperty({ example: '12:30', pattern: START_TIME.source })
  @IsString()
  @Matches(START_TIME, { message: START_MESSAGE })
  start!: string;

  /** After `start`. */
  @ApiProperty({ example: '13:15', pattern: END_TIME.source })
  @IsString()
  @Matches(END_TIME, { message: END_MESSAGE })
  @EndAfterStart()
  end!: string;
}

/**
 * One day's work: a start, an end after it on the same day (`24:00` at the latest: a shift does not
 * cross midnight; the early hours go on the next date), at most 16 hours, and breaks inside it that do
 * not overlap. Local wall-clock times in the store's time zone.
 */
export class WorkingDayDto {
  @ApiProperty({ example: '10:00', pattern: START_TIME.source })
  @IsString()
  @Matches(START_TIME, { message: START_MESSAGE })
  start!: string;

  @ApiProperty({ example: '19:00', pattern: END_TIME.source })
  @IsString()
  @Matches(END_TIME, { message: END_MESSAGE })
  @EndAfterStart()
  end!: string;

  /** Not working time (lunch); none when left out. */
  @ApiPropertyOptional({ type: [BreakDto], maxItems: MAX_BREAKS, example: [{ start: '12:30', end: '13:15' }] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_BREAKS)
  @NestedObjects()
  @Type(() => BreakDto)
  @ValidBreaks()
  breaks?: BreakDto[];
}

/** A dated shift: an extra day, or a different day than the template's (it replaces the template's shift it overlaps). */
export class CreateShiftDto extends WorkingDayDto {
  /** One of the staff member's stores. */
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId!: string;

  /** The local date in the store's time zone. */
  @ApiProperty({ format: 'date', example: '2030-01-08' })
  @IsPlainDate()
  date!: string;

  /** Plan it although the store is closed that day (a stocktake on a Sunday); refused without it. */
  @ApiPropertyOptional({ default: false, example: false })
  @IsOptionalNotNull()
  @IsBoolean()
  onClosedDay?: boolean;

  @ApiPropertyOptional({ example: '盘点 Stocktake after closing' })
  @IsOptionalNotNull()
  @Trim()
  @MultilineText()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/** The fields given change; the shift keeps its date and store. A template's shift becomes `edited` (re-planning leaves it alone). */
export class UpdateShiftDto {
  @ApiPropertyOptional({ example: '11:00', pattern: START_TIME.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(START_TIME, { message: START_MESSAGE })
  start?: string;

  @ApiPropertyOptional({ example: '20:00', pattern: END_TIME.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(END_TIME, { message: END_MESSAGE })
  end?: string;

  /** Replaces the breaks; `[]`: none. */
  @ApiPropertyOptional({ type: [BreakDto], maxItems: MAX_BREAKS, example: [{ start: '14:00', end: '14:45' }] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_BREAKS)
  @NestedObjects()
  @Type(() => BreakDto)
  breaks?: BreakDto[];

  /** `null` removes the note. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '晚班 Covering the late shift' })
  @IsOptional()
  @Trim()
  @MultilineText()
  @IsString()
  @Length(1, 500)
  note?: string | null;
}

export class CancelShiftDto {
  /** Why (shown in the history): `sick`, `store closed early`… */
  @ApiProperty({ example: '门店装修 Store refurbishment' })
  @Trim()
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export const SHIFT_STATUSES = ['scheduled', 'cancelled'] as const;

export class ShiftListQueryDto extends PageQueryDto {
  /** First local date (inclusive). */
  @ApiProperty({ format: 'date', example: '2030-01-07' })
  @IsPlainDate()
  from!: string;

  /** Last local date (inclusive), at most 61 days after `from`. */
  @ApiProperty({ format: 'date', example: '2030-01-20' })
  @IsPlainDate()
  to!: string;

  /** Only this store's shifts. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;

  /** Only shifts in this state (both when left out). */
  @ApiPropertyOptional({ enum: SHIFT_STATUSES })
  @IsOptional()
  @IsIn(SHIFT_STATUSES)
  status?: ShiftStatus;
}

export class ShiftBreakResponseDto {
  @ApiProperty({ example: '2030-01-08T12:30:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2030-01-08T13:15:00+08:00' })
  end!: string;
  @ApiProperty({ example: '12:30' })
  localStart!: string;
  @ApiProperty({ example: '13:15' })
  localEnd!: string;
}

export class ShiftResponseDto {
  @ApiProperty({ format: 'uuid', example: '5d0c3a7e-2b1f-4c8d-9e6a-7f1b2c3d4e5f' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '8a4e2c1b-3d5f-4e6a-9b7c-0d1e2f3a4b5c' })
  staffMemberId!: string;
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  /** The local date in the store's time zone. */
  @ApiProperty({ format: 'date', example: '2030-01-08' })
  date!: string;
  /** ISO 8601 with the store's offset at that instant. */
  @ApiProperty({ example: '2030-01-08T10:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2030-01-08T19:00:00+08:00' })
  end!: string;
  /** Wall-clock time in the store's zone. */
  @ApiProperty({ example: '10:00' })
  localStart!: string;
  /** `24:00` for a shift that ends at midnight. */
  @ApiProperty({ example: '19:00' })
  localEnd!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ type: [ShiftBreakResponseDto] })
  breaks!: ShiftBreakResponseDto[];
  /** `template`: planned from a weekly template; `manual`: entered for this date. */
  @ApiProperty({ enum: ['template', 'manual'], example: 'manual' })
  source!: ShiftSource;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  templateId!: string | null;
  /** A template's shift someone changed: re-planning the template leaves it as it is. */
  @ApiProperty({ example: false })
  edited!: boolean;
  @ApiProperty({ enum: SHIFT_STATUSES, example: 'scheduled' })
  status!: ShiftStatus;
  /** Planned on a day the store is closed, on purpose. */
  @ApiProperty({ example: false })
  onClosedDay!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '盘点 Stocktake after closing' })
  note!: string | null;
  /** Why it was cancelled; `replaced` when a dated shift took its place. */
  @ApiProperty({ type: String, nullable: true, example: null })
  cancelReason!: string | null;
  @ApiProperty({ example: 1 })
  version!: number;
}

export function toShiftResponse(row: ShiftRow, timeZone: string): ShiftResponseDto {
  const at = (ms: number) => ({ iso: formatInstant(ms, timeZone), local: localTimeOf(ms, row.date, timeZone) });
  const [start, end] = [at(row.start.getTime()), at(row.end.getTime())];
  return {
    id: row.id,
    staffMemberId: row.staffMemberId,
    storeId: row.storeId,
    date: row.date,
    start: start.iso,
    end: end.iso,
    localStart: start.local,
    localEnd: end.local,
    timeZone,
    breaks: row.breaks.map(([from, to]) => {
      const [a, b] = [at(Date.parse(from)), at(Date.parse(to))];
      return { start: a.iso, end: b.iso, localStart: a.local, localEnd: b.local };
    }),
    source: row.source,
    templateId: row.templateId,
    edited: row.edited,
    status: row.status,
    onClosedDay: row.onClosedDay,
    note: row.note,
    cancelReason: row.cancelReason,
    version: row.version,
  };
}

/** A page of shifts, in start order. */
export class ShiftPageDto {
  @ApiProperty({ type: [ShiftResponseDto] })
  data!: ShiftResponseDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}
