import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MoneyDto, MoneyResponseDto } from '../../../../common/money/index.js';
import { NestedObject, Trim } from '../../../../common/validation/index.js';
import { MAX_PIECES } from './purchase-order.dto.js';

const EXAMPLE_SUPPLIER = '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21';
const EXAMPLE_PRODUCT = '4d5e6f70-8192-4a3b-8c4d-5e6f70819203';
const WHOLE_PIECES = { message: 'must be a whole number of pieces' };

/** What a supplier sells a product as: the whole entry (fields left out take their defaults). */
export class PutSupplierProductDto {
  /** The supplier's own code for the product (its price list, its invoices). */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'LOP-SH-500' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 64)
  supplierSku?: string | null;

  /** The last agreed cost of one piece, in the business's currency; suggested orders use it. */
  @ApiPropertyOptional({ type: MoneyDto, nullable: true, example: { amount: 9800, currency: 'CNY' } })
  @IsOptional()
  @NestedObject()
  @Type(() => MoneyDto)
  unitCost?: MoneyDto | null;

  /** Pieces in one pack: orders from this supplier are whole packs. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10_000, default: 1, example: 6 })
  @IsOptional()
  @IsInt(WHOLE_PIECES)
  @Min(1)
  @Max(10_000)
  packSize?: number;

  /** The fewest pieces the supplier takes an order for. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PIECES, default: 1, example: 12 })
  @IsOptional()
  @IsInt(WHOLE_PIECES)
  @Min(1)
  @Max(MAX_PIECES)
  minimumOrderPieces?: number;

  /** The product's preferred supplier (one a product: marking this one unmarks the other). */
  @ApiPropertyOptional({ default: false, example: true })
  @IsOptional()
  @IsBoolean()
  preferred?: boolean;
}

export class SupplierProductResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_SUPPLIER })
  supplierId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  /** The catalog's SKU and name. */
  @ApiProperty({ example: 'SH-500' })
  sku!: string;
  @ApiProperty({ example: '丝泉洗发水 500ml Serie Expert Shampoo' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'LOP-SH-500' })
  supplierSku!: string | null;
  @ApiProperty({ type: MoneyResponseDto, nullable: true })
  unitCost!: MoneyResponseDto | null;
  @ApiProperty({ type: 'integer', example: 6 })
  packSize!: number;
  @ApiProperty({ type: 'integer', example: 12 })
  minimumOrderPieces!: number;
  @ApiProperty({ example: true })
  preferred!: boolean;
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  updatedAt!: string;
}
