import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { MoneyResponseDto } from '../../../../common/money/index.js';
import { StockQuantityDto } from '../../stock/dto/stock.dto.js';
import { PurchaseOrderResponseDto } from './purchase-order.dto.js';

const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_SUPPLIER = '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21';
const EXAMPLE_PRODUCT = '4d5e6f70-8192-4a3b-8c4d-5e6f70819203';

export const UNIT_COST_SOURCES = ['supplier', 'moving_average', 'catalog', 'none'] as const;
export type UnitCostSource = (typeof UNIT_COST_SOURCES)[number];

export class SuggestedOrdersQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The store to restock (one of yours)', example: EXAMPLE_STORE })
  @IsUUID('all')
  storeId!: string;
}

export class CreateSuggestedOrdersDto {
  @ApiProperty({ format: 'uuid', description: 'The store to restock (one of yours)', example: EXAMPLE_STORE })
  @IsUUID('all')
  storeId!: string;

  /** Only these suppliers' suggestions become drafts; all suppliers' when left out. */
  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: 100, example: [EXAMPLE_SUPPLIER] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  supplierIds?: string[];
}

export class SuggestedSupplierDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_SUPPLIER })
  id!: string;
  @ApiProperty({ example: '欧莱雅专业 L’Oréal Professionnel 华东' })
  name!: string;
}

export class SuggestedLineDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: 'SH-500' })
  sku!: string;
  @ApiProperty({ example: '丝泉洗发水 500ml Serie Expert Shampoo' })
  name!: string;
  /** The supplier's code for it (null without a supplier, or when none was given). */
  @ApiProperty({ type: String, nullable: true, example: 'LOP-SH-500' })
  supplierSku!: string | null;
  @ApiProperty({ type: StockQuantityDto, description: 'Available now (on hand less what is held for orders)' })
  available!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, description: "The store's alert level for the product" })
  alertLevel!: StockQuantityDto;
  @ApiProperty({ type: 'integer', example: 12, description: "The alert rule's reorder quantity, in pieces" })
  reorderPieces!: number;
  @ApiProperty({ type: 'integer', example: 0, description: "Pieces the store's orders were confirmed without (open back-orders): ordered on top of the reorder quantity" })
  backorderedPieces!: number;
  @ApiProperty({ type: 'integer', example: 4, description: "Pieces still to arrive on the store's open purchase orders (drafts included): not ordered again" })
  onOrderPieces!: number;
  @ApiProperty({ type: 'integer', example: 6, description: 'Pieces in one of the supplier’s packs (1 without a supplier)' })
  packSize!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'The fewest pieces the supplier takes (1 without a supplier)' })
  minimumOrderPieces!: number;
  @ApiProperty({
    type: 'integer',
    example: 12,
    description: 'What to order: the reorder quantity plus the back-ordered pieces, less what is on order, raised to the minimum order and up to whole packs',
  })
  suggestedPieces!: number;
  @ApiProperty({ type: MoneyResponseDto, description: 'One piece' })
  unitCost!: MoneyResponseDto;
  @ApiProperty({
    enum: UNIT_COST_SOURCES,
    example: 'supplier',
    description: "Where the cost comes from: the supplier's agreed cost, else the store's moving average, else the catalog's cost price, else `none` (0)",
  })
  unitCostSource!: UnitCostSource;
  @ApiProperty({ type: MoneyResponseDto, description: 'suggestedPieces × unitCost' })
  total!: MoneyResponseDto;
}

export class SuggestedOrderDto {
  @ApiProperty({ type: SuggestedSupplierDto, nullable: true, description: 'The products’ preferred supplier; null for products no active supplier sells' })
  supplier!: SuggestedSupplierDto | null;
  @ApiProperty({ type: [SuggestedLineDto] })
  lines!: SuggestedLineDto[];
  @ApiProperty({ type: MoneyResponseDto, description: 'The sum of the lines' })
  total!: MoneyResponseDto;
}

export class SuggestedOrdersDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ type: [SuggestedOrderDto], description: 'One a supplier, by name; the products without a supplier last' })
  data!: SuggestedOrderDto[];
}

export class CreatedSuggestedOrdersDto {
  @ApiProperty({ type: [PurchaseOrderResponseDto], description: 'The drafts created, one a supplier (empty when nothing is left to order)' })
  data!: PurchaseOrderResponseDto[];
}
