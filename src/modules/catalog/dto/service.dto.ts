import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDivisibleBy,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, NestedObject, NestedObjects, Trim, trimSpaces } from '../../../common/validation/index.js';
import { MAX_MINUTES, MAX_VARIATIONS, MINUTE_STEP, SLUG, type StatusFilter } from '../catalog-rules.js';
import { STATUS_FILTER_RULE, statusFilterProperty } from './common.dto.js';
import { CreateVariationDto } from './variation.dto.js';

const STEP_MESSAGE = `must be a multiple of ${MINUTE_STEP} minutes`;
const SLUG_MESSAGE = 'must be 1 to 40 lower-case letters, digits or `_`, starting with a letter';
const TAG = /^[^\s,][^,]{0,39}$/;

/** Tags are matched as written: trimmed, lower case, each once. */
const NormalizeTags = () =>
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set(value.map((tag: unknown) => (typeof tag === 'string' ? trimSpaces(tag).toLowerCase() : tag)))] : value,
  );

/** A service's default time blocks for its variations (multiples of 5 minutes; 0 when left out). */
export class ServiceTimeBlocksDto {
  /** Colour develops, mask sets: the beautician is free for another client, the chair or room is not. */
  @ApiPropertyOptional({ type: 'integer', example: 35, default: 0, minimum: 0, maximum: MAX_MINUTES })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  processingMinutes?: number;

  /** Rinse, blow-dry, styling after processing. */
  @ApiPropertyOptional({ type: 'integer', example: 30, default: 0, minimum: 0, maximum: MAX_MINUTES })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  finishingMinutes?: number;

  /** Clean-up after the client leaves; not part of the duration. */
  @ApiPropertyOptional({ type: 'integer', example: 10, default: 0, minimum: 0, maximum: MAX_MINUTES })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  bufferMinutes?: number;
}

/** The fields a service has besides its variations (shared by create and update). */
export class ServiceFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Even, long-lasting colour with a gentle ammonia-free dye.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  description?: string | null;

  /** Who it suits, in words. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Covering grey, or a change of colour; not for freshly permed hair.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  targetAudience?: string | null;

  /** Who it suits, as tags for filters and recommendations (trimmed, lower case, at most 20). */
  @ApiPropertyOptional({ type: [String], example: ['grey coverage', 'women', 'men'] })
  @IsOptionalNotNull()
  @NormalizeTags()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(TAG, { each: true, message: 'each tag must be 1 to 40 characters without commas' })
  audienceTags?: string[];

  /** Whether clients may book it themselves (app, mini-program); true when left out. */
  @ApiPropertyOptional({ example: true, default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  bookableOnline?: boolean;

  /** A chair, room, bed, or kind of equipment it occupies (`chair`, `room`, `bed`, `laser`); null when nothing in particular. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'chair', pattern: SLUG.source })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  resourceType?: string | null;

  @ApiPropertyOptional({ type: ServiceTimeBlocksDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => ServiceTimeBlocksDto)
  @IsObject()
  timeBlocks?: ServiceTimeBlocksDto;
}

export class CreateServiceDto extends ServiceFieldsDto {
  /** An active service category. */
  @ApiProperty({ format: 'uuid', example: '6d0f3c2a-1b4e-4f5a-9c8d-7e6f5a4b3c21' })
  @IsUUID('all', { message: 'must be a service category id (UUID)' })
  categoryId!: string;

  @ApiProperty({ example: '植物染发 Botanical colour' })
  @Trim()
  @IsString()
  @Length(1, 120)
  name!: string;

  /** The skill a beautician needs (scheduling matches staff on it), e.g. `hair_colour`, `nails`, `facial`. */
  @ApiProperty({ example: 'hair_colour', pattern: SLUG.source })
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  skill!: string;

  /** At least one; each with its own price and duration. */
  @ApiProperty({
    type: [CreateVariationDto],
    example: [
      { name: '短发 Short hair', price: { amount: 48800, currency: 'CNY' }, durationMinutes: 90 },
      { name: '长发 Long hair', price: { amount: 68800, currency: 'CNY' }, durationMinutes: 120, timeBlocks: { finishingMinutes: 45 } },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VARIATIONS)
  @NestedObjects()
  @Type(() => CreateVariationDto)
  variations!: CreateVariationDto[];
}

/** Changes to a service; fields left out stay as they are. `timeBlocks` and `audienceTags` are replaced whole. */
export class UpdateServiceDto extends ServiceFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', example: '6d0f3c2a-1b4e-4f5a-9c8d-7e6f5a4b3c21' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be a service category id (UUID)' })
  categoryId?: string;

  @ApiPropertyOptional({ example: '植物染发 Botanical colour' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'hair_colour', pattern: SLUG.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  skill?: string;
}

/** `true`/`false` in a query string. Anything else stays as it is, for the validator to refuse. */
export const QueryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ServiceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a service category id (UUID)' })
  categoryId?: string;

  @statusFilterProperty()
  @IsOptional()
  @STATUS_FILTER_RULE()
  status?: StatusFilter;

  /** `true`: services clients can book online (with `storeId`: and offered by that store); `false`: the others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  bookable?: boolean;

  /** Part of the name, any case. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;

  /** Show prices and availability as this store has them (see `store` in each item). A store you cannot see answers 404. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;
}
