import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, Trim } from '../../../../common/validation/index.js';

/** As the database checks it (`ck_staff_level_code`). */
export const LEVEL_CODE = /^[a-z][a-z0-9_]{0,31}$/;
const LEVEL_CODE_MESSAGE = 'must be 1 to 32 lower-case letters, digits or `_`, starting with a letter (`senior`)';
export const MAX_LEVEL_RANK = 1000;

export const LEVEL_STATUS_FILTERS = ['active', 'archived', 'all'] as const;

export class CreateStaffLevelDto {
  /** Stable key for scripts and price lists; unique. */
  @ApiProperty({ example: 'chief', pattern: LEVEL_CODE.source })
  @IsString()
  @Matches(LEVEL_CODE, { message: LEVEL_CODE_MESSAGE })
  code!: string;

  /** What people call it. */
  @ApiProperty({ example: '首席 Chief stylist' })
  @Trim()
  @IsString()
  @Length(1, 60)
  name!: string;

  /** Higher is more senior (0–1000); unique, so levels sort one way. */
  @ApiProperty({ example: 50, minimum: 0, maximum: MAX_LEVEL_RANK })
  @IsInt()
  @Min(0)
  @Max(MAX_LEVEL_RANK)
  rank!: number;
}

/** Fields left out stay as they are. */
export class UpdateStaffLevelDto {
  @ApiPropertyOptional({ example: 'chief', pattern: LEVEL_CODE.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(LEVEL_CODE, { message: LEVEL_CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '首席 Chief stylist' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 60)
  name?: string;

  @ApiPropertyOptional({ example: 50, minimum: 0, maximum: MAX_LEVEL_RANK })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_LEVEL_RANK)
  rank?: number;
}

export class StaffLevelListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LEVEL_STATUS_FILTERS, default: 'active', description: 'Only active levels when left out; `archived` lists the archived ones, `all` both.' })
  @IsOptional()
  @IsIn(LEVEL_STATUS_FILTERS)
  status?: (typeof LEVEL_STATUS_FILTERS)[number];
}

export class StaffLevelResponseDto {
  @ApiProperty({ format: 'uuid', example: '3c9a1e52-7d4b-4f0e-8a21-6b5c4d3e2f10' })
  id!: string;
  @ApiProperty({ example: 'senior' })
  code!: string;
  @ApiProperty({ example: '高级技师 Senior stylist' })
  name!: string;
  @ApiProperty({ example: 30 })
  rank!: number;
  /** Archived levels stay on the staff who have them, but cannot be given to anyone. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  status!: 'active' | 'archived';
  /** Send it back as `If-Match: "<version>"` to change the level (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

/** A page of levels, most junior first. */
export class StaffLevelPageDto {
  @ApiProperty({ type: [StaffLevelResponseDto] })
  data!: StaffLevelResponseDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}
