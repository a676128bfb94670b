import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsObject, IsUUID } from 'class-validator';
import { MoneyResponseDto } from '../../../common/money/index.js';
import { IsOptionalNotNull, NestedObject, NestedObjects } from '../../../common/validation/index.js';
import { MAX_VARIATIONS } from '../catalog-rules.js';
import { CatalogMoneyDto } from './common.dto.js';

export class VariationPriceDto {
  /** A variation of this service (archived ones too: the price applies when it is restored). */
  @ApiProperty({ format: 'uuid', example: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7b9c11' })
  @IsUUID('all', { message: 'must be a variation id (UUID)' })
  variationId!: string;

  /** What this store charges for it. */
  @ApiProperty({ type: CatalogMoneyDto, example: { amount: 72800, currency: 'CNY' } })
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  price!: CatalogMoneyDto;
}

/** How one store departs from the catalog for a service. Replaces the store's previous override whole. */
export class PutServiceStoreOverrideDto {
  /** Whether the store offers the service at all (false: a store without the equipment). */
  @ApiProperty({ example: true })
  @IsBoolean()
  available!: boolean;

  /** The store's own prices; variations left out use the catalog price. */
  @ApiPropertyOptional({ type: [VariationPriceDto], example: [{ variationId: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7b9c11', price: { amount: 72800, currency: 'CNY' } }] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_VARIATIONS)
  @NestedObjects()
  @Type(() => VariationPriceDto)
  prices?: VariationPriceDto[];
}

export class VariationPriceResponseDto {
  @ApiProperty({ format: 'uuid', example: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7b9c11' })
  variationId!: string;
  @ApiProperty({ type: MoneyResponseDto, example: { amount: 72800, currency: 'CNY' } })
  price!: MoneyResponseDto;
}

export class ServiceStoreOverrideResponseDto {
  @ApiProperty({ format: 'uuid', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' })
  serviceId!: string;
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ example: true })
  available!: boolean;
  @ApiProperty({ type: [VariationPriceResponseDto] })
  prices!: VariationPriceResponseDto[];
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

/** The overrides of a service in the stores you can see. */
export class ServiceStoreOverrideListDto {
  @ApiProperty({ type: [ServiceStoreOverrideResponseDto] })
  data!: ServiceStoreOverrideResponseDto[];
  /** Always null: every override of the service is on this one page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

/** A store's own sale price for a product. */
export class PutProductStorePriceDto {
  @ApiProperty({ type: CatalogMoneyDto, example: { amount: 26800, currency: 'CNY' } })
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  salePrice!: CatalogMoneyDto;
}

export class ProductStorePriceResponseDto {
  @ApiProperty({ format: 'uuid', example: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81' })
  productId!: string;
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ type: MoneyResponseDto, example: { amount: 26800, currency: 'CNY' } })
  salePrice!: MoneyResponseDto;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

export class ProductStorePriceListDto {
  @ApiProperty({ type: [ProductStorePriceResponseDto] })
  data!: ProductStorePriceResponseDto[];
  /** Always null: every store price of the product is on this one page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}
