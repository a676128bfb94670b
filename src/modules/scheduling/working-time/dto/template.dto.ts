import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, NestedObject } from '../../../../common/validation/index.js';
import { WEEKDAYS, type Weekday } from '../../../stores/index.js';
import { sortSpans } from '../shift-day.js';
import type { TemplateRow } from '../shift-sql.js';
import { HasWorkingDay, NotBefore } from '../shift.validators.js';
import { IsPlainDate } from '../../../../common/validation/index.js';
import type { TemplateDay } from '../template-week.js';
import { WorkingDayDto } from './shift.dto.js';

const WEEKDAY_EXAMPLE = { start: '10:00', end: '19:00', breaks: [{ start: '12:30', end: '13:15' }] };
const SATURDAY_EXAMPLE = { start: '10:00', end: '18:00', breaks: [] };
/** Tuesday to Saturday (Monday is the usual day off, when some stores close). */
const WEEK_EXAMPLE = {
  tuesday: WEEKDAY_EXAMPLE,
  wednesday: WEEKDAY_EXAMPLE,
  thursday: WEEKDAY_EXAMPLE,
  friday: WEEKDAY_EXAMPLE,
  saturday: SATURDAY_EXAMPLE,
};

/** One weekday of a template: its shift; left out (or `null`) when not worked. */
function Day(example?: object): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: WorkingDayDto, example }),
    IsOptional(),
    NestedObject(),
    Type(() => WorkingDayDto),
  );
}

/** The week of a template, local times in the store's zone. At least one day; each day at most one shift (a split day is one shift with a break). */
export class TemplateWeekDto {
  @Day(WEEKDAY_EXAMPLE)
  monday?: WorkingDayDto | null;
  @Day(WEEKDAY_EXAMPLE)
  tuesday?: WorkingDayDto | null;
  @Day(WEEKDAY_EXAMPLE)
  wednesday?: WorkingDayDto | null;
  @Day(WEEKDAY_EXAMPLE)
  thursday?: WorkingDayDto | null;
  @Day(WEEKDAY_EXAMPLE)
  friday?: WorkingDayDto | null;
  @Day(SATURDAY_EXAMPLE)
  saturday?: WorkingDayDto | null;
  @Day({ start: '11:00', end: '18:00', breaks: [] })
  sunday?: WorkingDayDto | null;
}

/**
 * A weekly pattern at one store from `validFrom` (until `validTo`, or until further notice). Its shifts
 * are planned ahead (SHIFT_PLANNING_DAYS). A template that starts while an earlier one of the same person
 * and store still runs ends that one the day before.
 */
export class CreateTemplateDto {
  /** One of the staff member's stores. */
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId!: string;

  /** First local date it applies. */
  @ApiProperty({ format: 'date', example: '2030-01-07' })
  @IsPlainDate()
  validFrom!: string;

  /** Last local date it applies (inclusive); open-ended when left out. */
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2030-12-31' })
  @IsOptional()
  @IsPlainDate()
  @NotBefore('validFrom')
  validTo?: string | null;

  @ApiProperty({ type: TemplateWeekDto, example: WEEK_EXAMPLE })
  @NestedObject()
  @Type(() => TemplateWeekDto)
  @HasWorkingDay()
  week!: TemplateWeekDto;

  /** Plan weekdays on which the store does not open too; refused without it. */
  @ApiPropertyOptional({ default: false, example: false })
  @IsOptionalNotNull()
  @IsBoolean()
  allowClosedDays?: boolean;
}

/** The fields given change, and the template is planned again: its unchanged future shifts follow; edited and cancelled days stay. */
export class UpdateTemplateDto {
  @ApiPropertyOptional({ type: TemplateWeekDto, example: WEEK_EXAMPLE })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => TemplateWeekDto)
  @HasWorkingDay()
  week?: TemplateWeekDto;

  /** `null`: until further notice. */
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2030-12-31' })
  @IsOptional()
  @IsPlainDate()
  validTo?: string | null;

  @ApiPropertyOptional({ example: false })
  @IsOptionalNotNull()
  @IsBoolean()
  allowClosedDays?: boolean;
}

export class EndTemplateDto {
  /** The last local date it applies; its planned shifts after it go. */
  @ApiProperty({ format: 'date', example: '2030-06-30' })
  @IsPlainDate()
  lastDate!: string;
}

export class TemplateListQueryDto extends PageQueryDto {
  /** Only this store's templates. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;
}

export class LocalSpanResponseDto {
  @ApiProperty({ example: '12:30' })
  start!: string;
  @ApiProperty({ example: '13:15' })
  end!: string;
}

export class TemplateDayResponseDto {
  @ApiProperty({ example: '10:00' })
  start!: string;
  @ApiProperty({ example: '19:00' })
  end!: string;
  @ApiProperty({ type: [LocalSpanResponseDto], example: [{ start: '12:30', end: '13:15' }] })
  breaks!: LocalSpanResponseDto[];
}

/** Every weekday present; `null`: not worked. */
export class TemplateWeekResponseDto {
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: WEEKDAY_EXAMPLE })
  monday!: TemplateDayResponseDto | null;
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: WEEKDAY_EXAMPLE })
  tuesday!: TemplateDayResponseDto | null;
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: WEEKDAY_EXAMPLE })
  wednesday!: TemplateDayResponseDto | null;
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: WEEKDAY_EXAMPLE })
  thursday!: TemplateDayResponseDto | null;
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: WEEKDAY_EXAMPLE })
  friday!: TemplateDayResponseDto | null;
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: SATURDAY_EXAMPLE })
  saturday!: TemplateDayResponseDto | null;
  @ApiProperty({ type: TemplateDayResponseDto, nullable: true, example: null })
  sunday!: TemplateDayResponseDto | null;
}

export class TemplateResponseDto {
  @ApiProperty({ format: 'uuid', example: '6e1d2c3b-4a5f-4b6c-8d7e-9f0a1b2c3d4e' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '8a4e2c1b-3d5f-4e6a-9b7c-0d1e2f3a4b5c' })
  staffMemberId!: string;
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  /** The store's zone, in which the week's times are read. */
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ format: 'date', example: '2030-01-07' })
  validFrom!: string;
  /** Null: until further notice. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  validTo!: string | null;
  @ApiProperty({ type: TemplateWeekResponseDto })
  week!: TemplateWeekResponseDto;
  @ApiProperty({ example: false })
  allowClosedDays!: boolean;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-12-07T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-12-07T02:00:00.000Z' })
  updatedAt!: Date;
}

/** A page of templates, latest start first. */
export class TemplatePageDto {
  @ApiProperty({ type: [TemplateResponseDto] })
  data!: TemplateResponseDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

/** The week as stored: worked days only, breaks sorted. */
export function toTemplateWeek(week: TemplateWeekDto): Partial<Record<Weekday, TemplateDay>> {
  const out: Partial<Record<Weekday, TemplateDay>> = {};
  for (const day of WEEKDAYS) {
    const given = week[day];
    if (given) out[day] = { start: given.start, end: given.end, breaks: sortSpans(given.breaks) };
  }
  return out;
}

export function toTemplateResponse(row: TemplateRow, timeZone: string): TemplateResponseDto {
  return {
    id: row.id,
    staffMemberId: row.staffMemberId,
    storeId: row.storeId,
    timeZone,
    validFrom: row.validFrom,
    validTo: row.validTo,
    week: Object.fromEntries(WEEKDAYS.map((day) => [day, row.week[day] ?? null])) as unknown as TemplateWeekResponseDto,
    allowClosedDays: row.allowClosedDays,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
