import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDivisibleBy, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsOptionalNotNull, NestedObject, Trim } from '../../../common/validation/index.js';
import { MAX_MINUTES, MINUTE_STEP, type StatusFilter } from '../catalog-rules.js';
import { CatalogMoneyDto, STATUS_FILTER_RULE, statusFilterProperty } from './common.dto.js';

const STEP_MESSAGE = `must be a multiple of ${MINUTE_STEP} minutes`;

/**
 * A variation's own time blocks; a block left out or `null` is the service's. With `activeMinutes`
 * set, active + processing + finishing must equal `durationMinutes`; without it, active work is
 * what processing and finishing leave (at least 5 minutes). Multiples of 5 minutes.
 */
export class VariationTimeBlocksDto {
  /** Hands-on work at the start (application, cutting). */
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 40, minimum: MINUTE_STEP, maximum: MAX_MINUTES })
  @IsOptional()
  @IsInt()
  @Min(MINUTE_STEP)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  activeMinutes?: number | null;

  /** Colour develops, mask sets: the beautician is free for another client, the chair or room is not. */
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 35, minimum: 0, maximum: MAX_MINUTES })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  processingMinutes?: number | null;

  /** Rinse, blow-dry, styling: the beautician again. */
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 30, minimum: 0, maximum: MAX_MINUTES })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  finishingMinutes?: number | null;

  /** Clean-up after the client leaves; not part of the duration. */
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 10, minimum: 0, maximum: MAX_MINUTES })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  bufferMinutes?: number | null;
}

export class CreateVariationDto {
  @ApiProperty({ example: '长发 Long hair' })
  @Trim()
  @IsString()
  @Length(1, 120)
  name!: string;

  /** The catalog price; stores may override it. */
  @ApiProperty({ type: CatalogMoneyDto, example: { amount: 68800, currency: 'CNY' } })
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  price!: CatalogMoneyDto;

  /** How long the client is in the salon: active + processing + finishing (the buffer comes after). A multiple of 5. */
  @ApiProperty({ type: 'integer', example: 120, minimum: MINUTE_STEP, maximum: MAX_MINUTES })
  @IsInt()
  @Min(MINUTE_STEP)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  durationMinutes!: number;

  @ApiPropertyOptional({ type: VariationTimeBlocksDto, nullable: true, example: { activeMinutes: 45, processingMinutes: 40, finishingMinutes: 35 } })
  @IsOptional()
  @NestedObject()
  @Type(() => VariationTimeBlocksDto)
  @IsObject()
  timeBlocks?: VariationTimeBlocksDto | null;

  /** Position among the service's variations (smallest first); after the others when left out. */
  @ApiPropertyOptional({ example: 20 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;
}

/** Changes to a variation; fields left out stay as they are. `timeBlocks` is replaced whole; `null` inherits every block. */
export class UpdateVariationDto {
  @ApiPropertyOptional({ example: '长发 Long hair (below the shoulders)' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ type: CatalogMoneyDto, example: { amount: 72800, currency: 'CNY' } })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  price?: CatalogMoneyDto;

  @ApiPropertyOptional({ type: 'integer', example: 130, minimum: MINUTE_STEP, maximum: MAX_MINUTES })
  @IsOptionalNotNull()
  @IsInt()
  @Min(MINUTE_STEP)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: STEP_MESSAGE })
  durationMinutes?: number;

  @ApiPropertyOptional({ type: VariationTimeBlocksDto, nullable: true, example: { activeMinutes: 50, processingMinutes: 40, finishingMinutes: 40 } })
  @IsOptional()
  @NestedObject()
  @Type(() => VariationTimeBlocksDto)
  @IsObject()
  timeBlocks?: VariationTimeBlocksDto | null;

  @ApiPropertyOptional({ example: 20 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;
}

/** A service's variations all fit on one page (at most 30), in their sort order. */
export class VariationListQueryDto {
  @statusFilterProperty()
  @IsOptional()
  @STATUS_FILTER_RULE()
  status?: StatusFilter;

  /** Show each variation as this store sells it (see `store`). A store you cannot see answers 404. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;
}
