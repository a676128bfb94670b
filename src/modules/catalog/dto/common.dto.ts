import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { MoneyDto } from '../../../common/money/index.js';
import { STATUS_FILTERS, type StatusFilter } from '../catalog-rules.js';

/** A price in the catalog: minor units, in the business's one currency (the services check which). */
export class CatalogMoneyDto extends MoneyDto {
  @ApiProperty({ example: 'CNY', description: "ISO 4217: the business's one currency (BUSINESS_CURRENCY, CNY unless configured); another answers 400" })
  override currency!: string; // validated as ISO 4217 by MoneyDto
}

/** `?storeId=`: read prices and availability as one store sees them. */
export class StoreContextQueryDto {
  /**
   * Show each item as this store sells it: its own prices and availability where it overrides the
   * catalog's. A store you cannot see answers 404 `store.not_found`.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;
}

/** The `status` filter of catalog lists. */
export function statusFilterProperty() {
  return ApiPropertyOptional({
    enum: STATUS_FILTERS,
    default: 'active',
    description: 'Only active items when left out; `archived` lists the archived ones, `all` both.',
  });
}

export const STATUS_FILTER_RULE = () => IsIn(STATUS_FILTERS);
export type { StatusFilter };
