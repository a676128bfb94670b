import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsIanaTimeZone, IsOptionalNotNull, Trim } from '../../../../common/validation/index.js';
import { TIME_OFF_TYPES, type TimeOffType } from '../time-off.entity.js';
import { timeOffStates, type TimeOffStatus } from '../time-off-state.js';
import { IsInstant, IsPlainDate } from '../../../../common/validation/index.js';

const STATUSES = timeOffStates.states;
const EXAMPLE_ID = '5c0e7a4b-2d1f-4e8a-9b3c-6d7e8f9a0b12';
const EXAMPLE_STAFF = '8d3f2a1b-6c5e-4d7f-8a9b-0c1d2e3f4a56';

/**
 * Time off for one person: give `startDate` and `endDate` (whole days, both counted, in the time zone
 * of their stores) or `startsAt` and `endsAt` (times with their offsets), never both.
 */
export class CreateTimeOffDto {
  @ApiProperty({ enum: TIME_OFF_TYPES, example: 'annual' })
  @IsIn(TIME_OFF_TYPES)
  type!: TimeOffType;

  /** Why, in their words (shown to the managers who decide it). */
  @ApiPropertyOptional({ example: '回老家 Family visit' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;

  /** First instant away (with `endsAt`), for part of a day. */
  @ApiPropertyOptional({ example: '2027-03-08T14:00:00+08:00' })
  @IsOptionalNotNull()
  @IsInstant()
  startsAt?: string;

  /** First instant back at work (exclusive). */
  @ApiPropertyOptional({ example: '2027-03-08T18:00:00+08:00' })
  @IsOptionalNotNull()
  @IsInstant()
  endsAt?: string;

  /** First whole day away (with `endDate`). */
  @ApiPropertyOptional({ format: 'date', example: '2027-03-01' })
  @IsOptionalNotNull()
  @IsPlainDate()
  startDate?: string;

  /** Last whole day away (inclusive); at most 366 days in all. */
  @ApiPropertyOptional({ format: 'date', example: '2027-03-03' })
  @IsOptionalNotNull()
  @IsPlainDate()
  endDate?: string;

  /** The time zone whole days are counted in: required only when their stores are in several zones (or they have none). */
  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptionalNotNull()
  @IsIanaTimeZone()
  timeZone?: string;

  /** Managers and owners: enter it already approved (you decide it). Not for your own time off, unless you are an owner. */
  @ApiPropertyOptional({ default: false, example: false })
  @IsOptionalNotNull()
  @IsBoolean()
  approve?: boolean;
}

/** The two examples a front end sends: whole days, and part of a day. */
export const CREATE_TIME_OFF_EXAMPLES = {
  demo: {
    summary: 'Whole days (works with the demo data, `npm run seed`)',
    value: { type: 'annual', reason: '回老家 Family visit', startDate: '2027-03-01', endDate: '2027-03-03' },
  },
  afternoon: {
    summary: 'Part of a day',
    value: { type: 'other', reason: '看牙 Dentist', startsAt: '2027-03-08T14:00:00+08:00', endsAt: '2027-03-08T18:00:00+08:00' },
  },
};

export class ApproveTimeOffDto {
  /** A word for the person (`A colleague covers your shifts`). */
  @ApiPropertyOptional({ example: '已安排同事顶班 A colleague covers your shifts' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class RefuseTimeOffDto {
  /** Why not: the person reads it. */
  @ApiProperty({ example: '周末人手不足 Too few staff that weekend' })
  @Trim()
  @IsString()
  @Length(1, 500)
  note!: string;
}

export class CancelTimeOffDto {
  @ApiPropertyOptional({ example: '计划有变 Plans changed' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class StaffTimeOffQueryDto extends PageQueryDto {
  /** Only time off that ends after this instant. */
  @ApiPropertyOptional({ description: 'Only time off that ends after this instant (with its offset)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Only time off that starts before this instant. */
  @ApiPropertyOptional({ description: 'Only time off that starts before this instant (with its offset)' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'Only time off in this state; every state when left out' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: TimeOffStatus;
}

export class TimeOffRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, default: 'requested', description: 'Requests in this state (those waiting for a decision unless given)' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: TimeOffStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the requests of staff working at this store (one of yours)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this person's requests" })
  @IsOptional()
  @IsUUID()
  staffMemberId?: string;

  @ApiPropertyOptional({ description: 'Only time off that ends after this instant (with its offset)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Only time off that starts before this instant (with its offset)' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class TimeOffResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STAFF })
  staffMemberId!: string;
  /** Their name, as the business knows them. */
  @ApiProperty({ example: '王丽 Wang Li' })
  staffMemberName!: string;
  @ApiProperty({ enum: TIME_OFF_TYPES, example: 'annual' })
  type!: TimeOffType;
  @ApiProperty({ enum: STATUSES, example: 'requested' })
  status!: TimeOffStatus;
  /** First instant away. For whole days: local midnight of `startDate`. */
  @ApiProperty({ example: '2027-02-28T16:00:00.000Z' })
  startsAt!: Date;
  /** First instant back (exclusive). For whole days: local midnight after `endDate`. */
  @ApiProperty({ example: '2027-03-03T16:00:00.000Z' })
  endsAt!: Date;
  /** Entered as whole days (`startDate`–`endDate` in `timeZone`). */
  @ApiProperty({ example: true })
  allDay!: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2027-03-01' })
  startDate!: string | null;
  /** Inclusive. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2027-03-03' })
  endDate!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Asia/Shanghai' })
  timeZone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '回老家 Family visit' })
  reason!: string | null;
  /** The user who asked for it or entered it (null: an integration). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  requestedBy!: string | null;
  /** The user who approved or refused it (null while undecided, or decided by an integration). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  decidedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  decidedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  decisionNote!: string | null;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}
