import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { MAX_INTERVALS_PER_DAY } from '../business-hours.js';
import type { StoreClosure } from '../store-closure.entity.js';
import { NestedObjects, Trim } from '../../../common/validation/index.js';
import { EmptyWhenClosed, ValidDayIntervals } from '../store.validators.js';
import { IsPlainDate } from '../../../common/validation/index.js';
import { HoursIntervalDto } from './hours.dto.js';

/**
 * A dated exception to the weekly hours, for one calendar date in the store's time zone: closed
 * all day, or open only in `intervals`. One per store and date.
 */
export class CreateClosureDto {
  @ApiProperty({ example: '2027-02-06', format: 'date' })
  @IsPlainDate()
  date!: string;

  /** `closed`: closed all day (no `intervals`); `special_hours`: open only in `intervals`. */
  @ApiProperty({ enum: ['closed', 'special_hours'], example: 'special_hours' })
  @IsIn(['closed', 'special_hours'])
  kind!: 'closed' | 'special_hours';

  /** Required (1 to 6) for `special_hours`; leave out or `[]` for `closed`. */
  @ApiPropertyOptional({ type: [HoursIntervalDto], minItems: 0, maxItems: MAX_INTERVALS_PER_DAY, example: [{ open: '10:00', close: '15:00' }] })
  @ValidateIf((dto: CreateClosureDto) => dto.kind !== 'closed' || (Array.isArray(dto.intervals) ? dto.intervals.length > 0 : dto.intervals !== undefined && dto.intervals !== null))
  @EmptyWhenClosed()
  @IsArray()
  @ArrayMinSize(1, { message: "must list the day's opening intervals when kind is special_hours" })
  @ArrayMaxSize(MAX_INTERVALS_PER_DAY)
  @NestedObjects()
  @Type(() => HoursIntervalDto)
  @ValidDayIntervals()
  intervals?: HoursIntervalDto[];

  /** Shown to staff and customers (`Spring Festival`). */
  @ApiProperty({ example: '除夕 Spring Festival eve' })
  @Trim()
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export class ClosureListQueryDto extends PageQueryDto {
  /** First date to list (inclusive); all dates when left out. */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsPlainDate()
  from?: string;

  /** Last date to list (inclusive). */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsPlainDate()
  to?: string;
}

export class ClosureResponseDto {
  @ApiProperty({ format: 'uuid', example: '9b2e7c1a-5d4f-4e3b-8a61-0c9d8e7f6a51' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ example: '2027-02-06', format: 'date' })
  date!: string;
  @ApiProperty({ enum: ['closed', 'special_hours'], example: 'special_hours' })
  kind!: 'closed' | 'special_hours';
  /** Empty when closed. */
  @ApiProperty({ type: [HoursIntervalDto], example: [{ open: '10:00', close: '15:00' }] })
  intervals!: HoursIntervalDto[];
  @ApiProperty({ example: '除夕 Spring Festival eve' })
  reason!: string;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
}

export function toClosureResponse(closure: StoreClosure): ClosureResponseDto {
  return {
    id: closure.id,
    storeId: closure.storeId,
    date: closure.date,
    kind: closure.kind,
    intervals: closure.intervals,
    reason: closure.reason,
    createdAt: closure.createdAt,
  };
}

/** A page of closures, in date order (soonest first). */
export class ClosurePageDto {
  @ApiProperty({ type: [ClosureResponseDto] })
  data!: ClosureResponseDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}
