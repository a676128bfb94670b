import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, NestedObjects, Trim } from '../../../../common/validation/index.js';
import { IsSkill, MAX_SKILLS, MAX_STAFF_STORES, SKILL } from '../staff-rules.js';
import { IsPlainDate } from '../../../../common/validation/index.js';

const URL_RULE = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };
const COLOR = /^#[0-9A-Fa-f]{6}$/;
const COLOR_MESSAGE = 'must be a colour #RRGGBB, e.g. #E06666';
const lowerCase = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value);
/** `true`/`false` in a query string; anything else stays as it is, for the validator to refuse. */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const STAFF_STATUS_FILTERS = ['active', 'inactive', 'all'] as const;

/** A skill the staff member has: a `skill` string services require, with an optional grade. */
export class StaffSkillDto {
  @ApiProperty({ example: 'hair_colour', pattern: SKILL.source })
  @IsString()
  @IsSkill()
  skill!: string;

  /** 1 (learning) to 5 (expert); leave out or null when not graded. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 5, example: 4 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  proficiency?: number | null;
}

/** The fields a create and a change share; a change leaves out what stays as it is. */
class StaffMemberFieldsDto {
  /** The photo customers see in the booking app: an http(s) URL. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://cdn.bloom.example/staff/lily.jpg' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_RULE, { message: 'must be an http(s) URL' })
  photoUrl?: string | null;

  /** An active staff level; null for none. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a staff level id (UUID)' })
  levelId?: string | null;

  /** `#RRGGBB`: their column in the calendar. */
  @ApiPropertyOptional({ example: '#E06666', pattern: COLOR.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(COLOR, { message: COLOR_MESSAGE })
  calendarColor?: string;

  /** Customers may choose them in the booking app (the front desk can always book them). */
  @ApiPropertyOptional({ example: true })
  @IsOptionalNotNull()
  @IsBoolean()
  bookableOnline?: boolean;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2024-03-01' })
  @IsOptional()
  @IsPlainDate()
  hireDate?: string | null;

  /**
   * The stores they work at (replaced whole). A manager gives and takes away only the stores they
   * manage; the staff member's other stores stay as they are.
   */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_STAFF_STORES, example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_STAFF_STORES)
  @IsUUID('all', { each: true, message: 'each must be a store id (UUID)' })
  @Transform(lowerCase)
  @ArrayUnique({ message: 'must not list a store twice' })
  storeIds?: string[];

  /** What they can do (replaced whole): the `skill` strings of the services they may perform. */
  @ApiPropertyOptional({ type: [StaffSkillDto], maxItems: MAX_SKILLS, example: [{ skill: 'hair_colour', proficiency: 4 }] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @NestedObjects()
  @Type(() => StaffSkillDto)
  skills?: StaffSkillDto[];

  /** Their sign-in (a user), so they can read their own record and schedule; null unlinks it. One staff member per user. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a user id (UUID)' })
  userId?: string | null;
}

export class CreateStaffMemberDto extends StaffMemberFieldsDto {
  /** Full name, as the business knows them. */
  @ApiProperty({ example: '李莉 Li Li' })
  @Trim()
  @IsString()
  @Length(1, 120)
  name!: string;

  /** What customers see when they book; the name when left out. */
  @ApiPropertyOptional({ example: 'Lily 老师' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 60)
  displayName?: string;
}

export class UpdateStaffMemberDto extends StaffMemberFieldsDto {
  @ApiPropertyOptional({ example: '李莉 Li Li' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'Lily 老师' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 60)
  displayName?: string;
}

export class StaffListQueryDto extends PageQueryDto {
  /** Who works at this store (nobody, for a store you cannot see). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;

  @ApiPropertyOptional({ enum: STAFF_STATUS_FILTERS, default: 'active', description: 'Only active staff when left out; `inactive` lists the others, `all` both.' })
  @IsOptional()
  @IsIn(STAFF_STATUS_FILTERS)
  status?: (typeof STAFF_STATUS_FILTERS)[number];

  /** Who has this skill. */
  @ApiPropertyOptional({ pattern: SKILL.source })
  @IsOptional()
  @IsString()
  @IsSkill()
  skill?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a staff level id (UUID)' })
  levelId?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  bookableOnline?: boolean;

  /** Part of the name or display name, any case. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class StaffLevelSummaryDto {
  @ApiProperty({ format: 'uuid', example: '3c9a1e52-7d4b-4f0e-8a21-6b5c4d3e2f10' })
  id!: string;
  @ApiProperty({ example: 'senior' })
  code!: string;
  @ApiProperty({ example: '高级技师 Senior stylist' })
  name!: string;
  @ApiProperty({ example: 30 })
  rank!: number;
}

export class StaffSkillResponseDto {
  @ApiProperty({ example: 'hair_colour' })
  skill!: string;
  /** 1–5; null when not graded. */
  @ApiProperty({ type: Number, nullable: true, example: 4 })
  proficiency!: number | null;
}

export class StaffMemberResponseDto {
  @ApiProperty({ format: 'uuid', example: '7a3f9c1e-2b5d-4e8f-9a0b-1c2d3e4f5a6b' })
  id!: string;
  /** Their sign-in; null for staff who do not sign in (a trainee, a visiting specialist). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  userId!: string | null;
  @ApiProperty({ example: '李莉 Li Li' })
  name!: string;
  @ApiProperty({ example: 'Lily 老师' })
  displayName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://cdn.bloom.example/staff/lily.jpg' })
  photoUrl!: string | null;
  @ApiProperty({ type: StaffLevelSummaryDto, nullable: true })
  level!: StaffLevelSummaryDto | null;
  /** The stores they work at. */
  @ApiProperty({ type: [String], format: 'uuid', example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  storeIds!: string[];
  /** In skill order. */
  @ApiProperty({ type: [StaffSkillResponseDto] })
  skills!: StaffSkillResponseDto[];
  @ApiProperty({ example: '#E06666' })
  calendarColor!: string;
  @ApiProperty({ example: true })
  bookableOnline!: boolean;
  /** `inactive`: left or paused; kept for history, not booked. */
  @ApiProperty({ enum: ['active', 'inactive'], example: 'active' })
  status!: 'active' | 'inactive';
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2024-03-01' })
  hireDate!: string | null;
  /** Send it back as `If-Match: "<version>"` to change the staff member (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

/** Something worth a second look that did not stop the change. */
export class FieldWarningDto {
  @ApiProperty({ example: 'skills[2].skill' })
  field!: string;
  @ApiProperty({ example: 'no service requires "hair_colr" yet' })
  message!: string;
}

/** The staff member as written, with `warnings` (e.g. a skill no service requires yet: a typo?). */
export class StaffMemberWriteResponseDto extends StaffMemberResponseDto {
  @ApiProperty({ type: [FieldWarningDto] })
  warnings!: FieldWarningDto[];
}

/** A page of staff members, newest first. */
export class StaffMemberPageDto {
  @ApiProperty({ type: [StaffMemberResponseDto] })
  data!: StaffMemberResponseDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}
