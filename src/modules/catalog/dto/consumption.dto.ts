import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { IsDecimalNumber, NestedObjects } from '../../../common/validation/index.js';
import { MAX_CONSUMPTION_ITEMS, MAX_QUANTITY, type ProductUnit } from '../catalog-rules.js';

export class ConsumptionItemDto {
  /** An active product for professional use (`professional` or `both`). */
  @ApiProperty({ format: 'uuid', example: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81' })
  @IsUUID('all', { message: 'must be a product id (UUID)' })
  productId!: string;

  /** How much one performance uses, in the product's unit (ml, g; whole pieces for `pcs`); up to 3 decimals. */
  @ApiProperty({ example: 60, minimum: 0, exclusiveMinimum: true, maximum: MAX_QUANTITY })
  @IsDecimalNumber({ places: 3, greaterThan: 0, max: MAX_QUANTITY })
  quantity!: number;
}

/** What one performance of the variation uses. Replaces the previous list whole; `[]` clears it. */
export class PutConsumptionDto {
  @ApiProperty({ type: [ConsumptionItemDto], example: [{ productId: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81', quantity: 60 }] })
  @IsArray()
  @ArrayMaxSize(MAX_CONSUMPTION_ITEMS)
  @NestedObjects()
  @Type(() => ConsumptionItemDto)
  items!: ConsumptionItemDto[];
}

export class ConsumptionItemResponseDto {
  @ApiProperty({ format: 'uuid', example: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81' })
  productId!: string;
  @ApiProperty({ example: 'LP-DYE-6N' })
  sku!: string;
  @ApiProperty({ example: '植物染膏 6N Botanical dye 6N' })
  name!: string;
  @ApiProperty({ example: 60 })
  quantity!: number;
  @ApiProperty({ enum: ['ml', 'g', 'pcs'], example: 'ml' })
  unit!: ProductUnit;
  /** Archived products stay listed until the consumption is changed. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  productStatus!: 'active' | 'archived';
}

export class ConsumptionResponseDto {
  @ApiProperty({ format: 'uuid', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' })
  serviceId!: string;
  @ApiProperty({ format: 'uuid', example: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7b9c11' })
  variationId!: string;
  @ApiProperty({ type: [ConsumptionItemResponseDto] })
  items!: ConsumptionItemResponseDto[];
}
