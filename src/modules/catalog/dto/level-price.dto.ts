import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDivisibleBy, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { MoneyResponseDto, optionalMoneyOf } from '../../../common/money/index.js';
import { NestedObject } from '../../../common/validation/index.js';
import { MAX_MINUTES, MINUTE_STEP } from '../catalog-rules.js';
import type { LevelOverride } from '../level-price-rule.js';
import type { ServiceVariation } from '../service-variation.entity.js';
import { CatalogMoneyDto } from './common.dto.js';

/**
 * What a variation costs and takes when a staff member of one level performs it. Replaces the level's
 * terms whole: a part left out or `null` follows the catalog (a store's own price still wins over the
 * level's). At least one of the two.
 */
export class PutLevelPriceDto {
  /** The level's price, in the business's currency; `null`: the catalog's. */
  @ApiPropertyOptional({ type: CatalogMoneyDto, nullable: true, example: { amount: 88800, currency: 'CNY' } })
  @IsOptional()
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  price?: CatalogMoneyDto | null;

  /**
   * How long it takes at this level (a multiple of 5); `null`: the variation's. Processing and finishing
   * stay as they are, so it must leave at least 5 minutes of active work.
   */
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 100, minimum: MINUTE_STEP, maximum: MAX_MINUTES })
  @IsOptional()
  @IsInt()
  @Min(MINUTE_STEP)
  @Max(MAX_MINUTES)
  @IsDivisibleBy(MINUTE_STEP, { message: `must be a multiple of ${MINUTE_STEP} minutes` })
  durationMinutes?: number | null;
}

export class LevelPriceResponseDto {
  /** A staff level (see /v1/staff-levels). */
  @ApiProperty({ format: 'uuid', example: '5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8b0d13' })
  levelId!: string;
  /** Null: the catalog's price applies at this level. */
  @ApiProperty({ type: MoneyResponseDto, nullable: true, example: { amount: 88800, currency: 'CNY' } })
  price!: MoneyResponseDto | null;
  /** Null: the variation's duration applies at this level. */
  @ApiProperty({ type: 'integer', nullable: true, example: 100 })
  durationMinutes!: number | null;
}

/** A variation's per-level terms (every one: a business has a handful of levels). */
export class LevelPriceListDto {
  @ApiProperty({ type: [LevelPriceResponseDto] })
  data!: LevelPriceResponseDto[];
  /** Always null: every level of the variation is on this one page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

/** A variation row as VARIATION_COLUMNS reads it: with its per-level terms. */
export type VariationRow = ServiceVariation & { levelPrices?: LevelOverride[] };

export function toLevelPriceResponse(row: LevelOverride): LevelPriceResponseDto {
  return { levelId: row.levelId, price: row.currency === null ? null : optionalMoneyOf(row.amount, row.currency), durationMinutes: row.durationMinutes };
}
