import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { MoneyDto, MoneyResponseDto } from '../../../../common/money/index.js';
import { IsOptionalNotNull, IsPlainDate, MultilineText, NestedObject, NestedObjects, Trim } from '../../../../common/validation/index.js';
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from '../purchase-order-state.js';

const EXAMPLE_ID = '8c2e4f6a-0b1d-4e3f-a5b7-c9d1e3f5a7b9';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_SUPPLIER = '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21';
const EXAMPLE_PRODUCT = '4d5e6f70-8192-4a3b-8c4d-5e6f70819203';
const EXAMPLE_LINE = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
export const MAX_LINES = 200;
export const MAX_PIECES = 1_000_000;
const WHOLE_PIECES = { message: 'must be a whole number of pieces' };

export class PurchaseOrderLineDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  @IsUUID('all')
  productId!: string;

  /** Whole pieces (bottles, tubes, boxes). */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PIECES, example: 24 })
  @IsInt(WHOLE_PIECES)
  @Min(1)
  @Max(MAX_PIECES)
  quantity!: number;

  /** What one piece costs, in the business's currency. */
  @ApiProperty({ type: MoneyDto, example: { amount: 9800, currency: 'CNY' } })
  @NestedObject()
  @Type(() => MoneyDto)
  unitCost!: MoneyDto;
}

export class CreatePurchaseOrderDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_SUPPLIER })
  @IsUUID('all')
  supplierId!: string;

  @ApiProperty({ type: [PurchaseOrderLineDto], minItems: 1, maxItems: MAX_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @NestedObjects()
  @Type(() => PurchaseOrderLineDto)
  lines!: PurchaseOrderLineDto[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '三月补货 March restock' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  notes?: string | null;
}

/** Changes to a draft; `lines` replaces them all. */
export class UpdatePurchaseOrderDto {
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_SUPPLIER })
  @IsOptionalNotNull()
  @IsUUID('all')
  supplierId?: string;

  @ApiPropertyOptional({ type: [PurchaseOrderLineDto], minItems: 1, maxItems: MAX_LINES })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @NestedObjects()
  @Type(() => PurchaseOrderLineDto)
  lines?: PurchaseOrderLineDto[];

  @ApiPropertyOptional({ type: String, nullable: true, example: null })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  notes?: string | null;
}

export class PurchaseOrderReasonDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '供应商缺货 The supplier is out of stock' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string | null;
}

export class ReceiptLineDto {
  /** The purchase order's line (its `lines[].id`). */
  @ApiProperty({ format: 'uuid', example: EXAMPLE_LINE })
  @IsUUID('all')
  lineId!: string;

  /** Whole pieces that arrived; more than is still open on the line needs `overReceive: true`. */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PIECES, example: 12 })
  @IsInt(WHOLE_PIECES)
  @Min(1)
  @Max(MAX_PIECES)
  quantity!: number;

  /** The lot printed on the boxes. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'L2703A' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 64)
  lotCode?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-01-15' })
  @IsOptional()
  @IsPlainDate()
  producedOn?: string | null;

  /** Left out: the production date (else today) plus the product's shelf life. */
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2029-01-14' })
  @IsOptional()
  @IsPlainDate()
  expiresOn?: string | null;
}

export class CreateReceiptDto {
  @ApiProperty({ type: [ReceiptLineDto], minItems: 1, maxItems: MAX_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @NestedObjects()
  @Type(() => ReceiptLineDto)
  lines!: ReceiptLineDto[];

  /** Say so to receive more than is still open on a line (the supplier sent extra). */
  @ApiPropertyOptional({ default: false, example: false })
  @IsOptional()
  @IsBoolean()
  overReceive?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: '两箱外包装破损 Two outer boxes dented' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  notes?: string | null;
}

export class PurchaseOrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the orders of this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the orders from this supplier' })
  @IsOptional()
  @IsUUID('all')
  supplierId?: string;

  @ApiPropertyOptional({ enum: PURCHASE_ORDER_STATUSES, description: 'Only orders in this state' })
  @IsOptional()
  @IsIn(PURCHASE_ORDER_STATUSES)
  status?: PurchaseOrderStatus;
}

export class PurchaseOrderLineResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_LINE })
  id!: string;
  @ApiProperty({ example: 1 })
  lineNo!: number;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: 24 })
  quantity!: number;
  @ApiProperty({ example: 12 })
  receivedQuantity!: number;
  /** Still to arrive (0 once received, also when more arrived than ordered). */
  @ApiProperty({ example: 12 })
  openQuantity!: number;
  @ApiProperty({ type: MoneyResponseDto })
  unitCost!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'quantity × unitCost' })
  total!: MoneyResponseDto;
}

export class PurchaseOrderResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ example: 'PO-SH01-20270320-0001' })
  number!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_SUPPLIER })
  supplierId!: string;
  @ApiProperty({ enum: PURCHASE_ORDER_STATUSES, example: 'draft' })
  status!: PurchaseOrderStatus;
  @ApiProperty({ type: [PurchaseOrderLineResponseDto] })
  lines!: PurchaseOrderLineResponseDto[];
  @ApiProperty({ type: MoneyResponseDto, description: 'The sum of the lines' })
  total!: MoneyResponseDto;
  @ApiProperty({ type: String, nullable: true, example: null })
  notes!: string | null;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  updatedAt!: string;
}

export class PurchaseOrderHistoryEntryDto {
  @ApiProperty({ enum: PURCHASE_ORDER_STATUSES, example: 'draft' })
  fromStatus!: string;
  @ApiProperty({ enum: PURCHASE_ORDER_STATUSES, example: 'approved' })
  toStatus!: string;
  /** `user`, `api_key` or `system`. */
  @ApiProperty({ example: 'user' })
  actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  reason!: string | null;
  @ApiProperty({ example: '2027-03-20T02:00:00.000Z' })
  at!: string;
}

export class PurchaseOrderHistoryDto {
  @ApiProperty({ type: [PurchaseOrderHistoryEntryDto], description: 'Oldest first' })
  data!: PurchaseOrderHistoryEntryDto[];
}

export class ReceiptLineResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_LINE })
  lineId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: 12 })
  quantity!: number;
  @ApiProperty({ type: String, nullable: true, example: 'L2703A' })
  lotCode!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-01-15' })
  producedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2029-01-14' })
  expiresOn!: string | null;
  /** The stock movement (kind `receipt`) that brought the pieces in at the line's unit cost. */
  @ApiProperty({ format: 'uuid', example: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  movementId!: string;
}

export class ReceiptResponseDto {
  @ApiProperty({ format: 'uuid', example: '5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  purchaseOrderId!: string;
  /** The order's state after this receipt. */
  @ApiProperty({ enum: PURCHASE_ORDER_STATUSES, example: 'partly_received' })
  purchaseOrderStatus!: PurchaseOrderStatus;
  @ApiProperty({ type: [ReceiptLineResponseDto] })
  lines!: ReceiptLineResponseDto[];
  @ApiProperty({ type: String, nullable: true, example: null })
  notes!: string | null;
  @ApiProperty({ example: 'user' })
  actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  actorId!: string | null;
  @ApiProperty({ example: '2027-03-22T02:00:00.000Z' })
  receivedAt!: string;
}
