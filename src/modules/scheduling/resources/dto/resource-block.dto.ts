import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsInstant, MultilineText, Trim } from '../../../../common/validation/index.js';

/** The longest maintenance block: a year (and a leap day); longer is a resource to deactivate. */
export const MAX_BLOCK_DAYS = 366;

/** The resource is out of service in `[start, end)`. */
export class CreateResourceBlockDto {
  @ApiProperty({ format: 'date-time', example: '2027-03-02T09:00:00+08:00' })
  @IsString()
  @IsInstant()
  start!: string;

  /** After `start`, at most 366 days later. */
  @ApiProperty({ format: 'date-time', example: '2027-03-02T13:00:00+08:00' })
  @IsString()
  @IsInstant()
  end!: string;

  /** Shown to the desk when it looks for a free room (`Steamer serviced by the supplier`). */
  @ApiProperty({ example: '蒸汽机年检 Steamer’s yearly service', maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  @MultilineText()
  reason!: string;
}

export class ResourceBlockListQueryDto extends PageQueryDto {
  /** Blocks that end after this instant (ISO 8601 with offset); all when left out. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @IsInstant()
  from?: string;

  /** Blocks that start before this instant (ISO 8601 with offset); after `from`. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @IsInstant()
  to?: string;
}

export class ResourceBlockResponseDto {
  @ApiProperty({ format: 'uuid', example: '1e3a5c7e-9b2d-4f6a-8c0e-2b4d6f8a0c35' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '7c9e1a3b-5d7f-4b9d-8e1a-3c5e7a9b1d24' })
  resourceId!: string;
  @ApiProperty({ example: '2027-03-02T01:00:00.000Z' })
  start!: Date;
  /** Exclusive: the resource is back in service at this instant. */
  @ApiProperty({ example: '2027-03-02T05:00:00.000Z' })
  end!: Date;
  @ApiProperty({ example: '蒸汽机年检 Steamer’s yearly service' })
  reason!: string;
  /** The member of staff who entered it (null: an API key or a script). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '0f2b4d6e-8a1c-4e3f-9b5d-7c9e1a3b5d46' })
  createdBy!: string | null;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
}

export interface BlockRow {
  id: string;
  resourceId: string;
  start: Date;
  end: Date;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
}

export function toBlockResponse(row: BlockRow): ResourceBlockResponseDto {
  return { id: row.id, resourceId: row.resourceId, start: row.start, end: row.end, reason: row.reason, createdBy: row.createdBy, createdAt: row.createdAt };
}
