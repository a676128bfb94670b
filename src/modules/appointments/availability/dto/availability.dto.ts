import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MoneyResponseDto } from '../../../../common/money/index.js';
import { AsList, IsInstant, IsPlainDate } from '../../../../common/validation/index.js';

/** The most services one booking searches for (cut, colour and a treatment). */
export const MAX_SERVICES = 3;
/** The longest search, both dates counted. */
export const MAX_SEARCH_DAYS = 31;

const ToBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
const ToInt = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value) ? Number(value) : value));

/** What a customer asks for: the services, where, and optionally with whom. */
export class AvailabilityCriteriaDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all')
  storeId!: string;

  /** The service variations, in the order they are done (repeat the parameter: `variationIds=…&variationIds=…`). */
  @ApiProperty({ type: String, format: 'uuid', isArray: true, minItems: 1, maxItems: MAX_SERVICES, example: ['7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f'] })
  @AsList()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SERVICES)
  @IsUUID('all', { each: true })
  variationIds!: string[];

  /** `sequential` (default): one after another for one customer; `parallel`: at once, each by a different staff member. */
  @ApiPropertyOptional({ enum: ['sequential', 'parallel'], default: 'sequential' })
  @IsOptional()
  @IsIn(['sequential', 'parallel'])
  mode?: 'sequential' | 'parallel';

  /** Only these staff members (a customer asking for Tony). */
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: 5 })
  @IsOptional()
  @AsList()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  staffMemberIds?: string[];

  /** Only staff of this level (the price follows the level). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  levelId?: string;

  /** The customer booking: their preferred staff are proposed first. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;

  /** As the customer booking online sees it: only services and staff bookable online (the desk sees all). */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  online?: boolean;
}

export class AvailabilityQueryDto extends AvailabilityCriteriaDto {
  /** First local date searched (the store's time zone). */
  @ApiProperty({ format: 'date', example: '2027-03-22' })
  @IsPlainDate()
  from!: string;

  /** Last local date searched, inclusive; at most 31 days in all. */
  @ApiProperty({ format: 'date', example: '2027-03-28' })
  @IsPlainDate()
  to!: string;
}

export class NearestQueryDto extends AvailabilityCriteriaDto {
  /** The time the customer wanted (ISO 8601 with offset). */
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  @IsInstant()
  at!: string;

  /** How many free times to suggest (default 5). */
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 20, default: 5 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(20)
  count?: number;
}

export class ProposedSegmentDto {
  @ApiProperty({ format: 'uuid' })
  variationId!: string;
  @ApiProperty({ format: 'uuid' })
  staffMemberId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  resourceId!: string | null;
  /** ISO 8601 with the store's offset. */
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  @ApiProperty({ type: MoneyResponseDto })
  price!: MoneyResponseDto;
}

export class SlotDto {
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  /** When the customer is done. */
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  @ApiProperty({ type: MoneyResponseDto })
  price!: MoneyResponseDto;
  /** One proposal: who does what, where (book it as proposed, or ask for other staff). */
  @ApiProperty({ type: [ProposedSegmentDto] })
  segments!: ProposedSegmentDto[];
}

export class AvailabilityResponseDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  /** Starts are offered every this many minutes (the store's booking policy). */
  @ApiProperty({ example: 15 })
  slotMinutes!: number;
  /** Free start times in order, each with a proposal. */
  @ApiProperty({ type: [SlotDto] })
  slots!: SlotDto[];
}
