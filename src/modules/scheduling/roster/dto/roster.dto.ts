import { ApiProperty } from '@nestjs/swagger';
import { IsPlainDate } from '../../../../common/validation/index.js';

/** The longest roster one request may ask for, both dates counted. */
export const MAX_ROSTER_DAYS = 31;

export class RosterQueryDto {
  /** First date (inclusive), in the store's time zone. */
  @ApiProperty({ example: '2026-12-07', format: 'date' })
  @IsPlainDate()
  from!: string;

  /** Last date (inclusive); at most 31 days from `from` to `to`, both counted. */
  @ApiProperty({ example: '2026-12-13', format: 'date' })
  @IsPlainDate()
  to!: string;
}

export class RosterSpanDto {
  /** ISO 8601 with the store's offset at that instant. */
  @ApiProperty({ example: '2026-12-07T12:30:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2026-12-07T13:15:00+08:00' })
  end!: string;
}

export class RosterShiftDto {
  @ApiProperty({ format: 'uuid', example: '0d6c1f7e-2b9a-4c55-9e31-7a8b6c5d4e3f' })
  id!: string;
  /** The local date the shift starts on. */
  @ApiProperty({ example: '2026-12-07', format: 'date' })
  date!: string;
  @ApiProperty({ example: '2026-12-07T10:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2026-12-07T19:00:00+08:00' })
  end!: string;
  /** Wall-clock `HH:mm` in the store's time zone. */
  @ApiProperty({ example: '10:00' })
  localStart!: string;
  @ApiProperty({ example: '19:00' })
  localEnd!: string;
  /** Not working time (lunch). */
  @ApiProperty({ type: [RosterSpanDto] })
  breaks!: RosterSpanDto[];
  /** `template`: planned from the weekly template; `manual`: entered for the date. */
  @ApiProperty({ enum: ['template', 'manual'], example: 'template' })
  source!: 'template' | 'manual';
  /** Cancelled shifts are not on the roster. */
  @ApiProperty({ enum: ['scheduled'], example: 'scheduled' })
  status!: 'scheduled';
}

export class RosterTimeOffDto {
  @ApiProperty({ format: 'uuid', example: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d' })
  id!: string;
  /** Null for a colleague's time off when you are front desk or a beautician: only managers (and the person) see why someone is away. */
  @ApiProperty({ enum: ['annual', 'sick', 'training', 'other'], nullable: true, example: 'annual' })
  type!: string | null;
  /** `approved` removes working time; `pending` is requested and not yet decided (it does not). */
  @ApiProperty({ enum: ['approved', 'pending'], example: 'approved' })
  status!: 'approved' | 'pending';
  @ApiProperty({ example: '2026-12-10T15:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2026-12-10T17:00:00+08:00' })
  end!: string;
}

export class RosterLevelDto {
  @ApiProperty({ format: 'uuid', example: '7c6b5a49-3827-4e16-9f05-e4d3c2b1a098' })
  id!: string;
  @ApiProperty({ example: 'senior' })
  code!: string;
  @ApiProperty({ example: '高级技师 Senior' })
  name!: string;
  /** Higher is more senior. */
  @ApiProperty({ example: 30 })
  rank!: number;
}

export class RosterSkillDto {
  @ApiProperty({ example: 'hair_colour' })
  skill!: string;
  /** 1–5, or null when not graded. */
  @ApiProperty({ type: Number, nullable: true, example: 4 })
  proficiency!: number | null;
}

export class RosterStaffDto {
  @ApiProperty({ format: 'uuid', example: '3f2e1d0c-9b8a-4765-a432-10fedcba9876' })
  staffMemberId!: string;
  @ApiProperty({ example: 'Tony 老师' })
  displayName!: string;
  @ApiProperty({ example: '#8E7CC3' })
  calendarColor!: string;
  @ApiProperty({ type: RosterLevelDto, nullable: true })
  level!: RosterLevelDto | null;
  @ApiProperty({ type: [RosterSkillDto] })
  skills!: RosterSkillDto[];
  /** Their scheduled shifts at this store overlapping the dates, in start order. */
  @ApiProperty({ type: [RosterShiftDto] })
  shifts!: RosterShiftDto[];
  /** Their time off overlapping the dates (approved or pending), in start order. */
  @ApiProperty({ type: [RosterTimeOffDto] })
  timeOff!: RosterTimeOffDto[];
  /** When they can serve customers here: shifts minus breaks, approved time off and the store's closures. */
  @ApiProperty({ type: [RosterSpanDto], example: [{ start: '2026-12-07T10:00:00+08:00', end: '2026-12-07T12:30:00+08:00' }] })
  workingIntervals!: RosterSpanDto[];
}

export class RosterOpeningDto {
  @ApiProperty({ example: '10:00' })
  open!: string;
  @ApiProperty({ example: '15:00' })
  close!: string;
}

export class RosterClosureDto {
  @ApiProperty({ example: '2026-12-11', format: 'date' })
  date!: string;
  /** `closed` all day, or open only in `intervals` (`special_hours`). */
  @ApiProperty({ enum: ['closed', 'special_hours'], example: 'closed' })
  kind!: 'closed' | 'special_hours';
  @ApiProperty({ type: [RosterOpeningDto] })
  intervals!: RosterOpeningDto[];
  @ApiProperty({ example: '停电 Power cut' })
  reason!: string;
}

export class RosterCoverageDto {
  /** Local date and wall-clock hour the hour starts at. */
  @ApiProperty({ example: '2026-12-07', format: 'date' })
  date!: string;
  @ApiProperty({ example: '14:00' })
  hour!: string;
  /** The hour's first instant (tells apart the two 01:00 of a day the clocks go back). */
  @ApiProperty({ example: '2026-12-07T14:00:00+08:00' })
  start!: string;
  /** Staff working at least 30 minutes of the hour. */
  @ApiProperty({ example: 3 })
  staff!: number;
  /** Of those, how many have each skill. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { haircut: 3, hair_colour: 2 } })
  skills!: Record<string, number>;
}

export class RosterResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ example: '2026-12-07', format: 'date' })
  from!: string;
  @ApiProperty({ example: '2026-12-13', format: 'date' })
  to!: string;
  /** The store's closures and special hours on these dates. */
  @ApiProperty({ type: [RosterClosureDto] })
  closures!: RosterClosureDto[];
  /** Everyone who works at the store, or has shifts there on these dates, by display name. */
  @ApiProperty({ type: [RosterStaffDto] })
  staff!: RosterStaffDto[];
  /** Each local hour in which anyone works, in order. */
  @ApiProperty({ type: [RosterCoverageDto] })
  coverage!: RosterCoverageDto[];
}
