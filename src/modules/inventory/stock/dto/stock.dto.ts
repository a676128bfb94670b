import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MoneyResponseDto } from '../../../../common/money/money.dto.js';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsDecimalNumber, IsInstant } from '../../../../common/validation/index.js';
import { MOVEMENT_KINDS, type MovementKind } from '../stock-movement.entity.js';

/** Whole pieces per request at most: a pallet, not a typo's worth. */
export const MAX_PIECES = 1_000_000;

export class StockQuantityDto {
  /** Stock units as stored: pieces, or thousandths of a ml or g for measured products. */
  @ApiProperty({ example: 150000, type: 'integer' })
  units!: number;
  @ApiProperty({ example: 2, type: 'integer', description: 'Whole pieces (unopened bottles, tubes, boxes)' })
  pieces!: number;
  @ApiProperty({ type: Number, nullable: true, example: 30, description: 'Measured products: what the opened piece still holds, in ml or g; null for products counted in pieces' })
  opened!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 150, description: 'Measured products: everything in ml or g; null for products counted in pieces' })
  measure!: number | null;
}

export class StockLevelResponseDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ format: 'uuid' })
  productId!: string;
  @ApiProperty({ example: 'KER-BAIN-250' })
  sku!: string;
  @ApiProperty({ example: '卡诗 洗发水 Bain Satin 250 ml' })
  name!: string;
  @ApiProperty({ enum: ['ml', 'g', 'pcs'], description: 'What measured products are counted in' })
  unit!: string;
  @ApiProperty({ type: StockQuantityDto })
  onHand!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, description: 'Held for orders' })
  reserved!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, description: 'On hand less what is held (expired batches included: see the expiring report)' })
  available!: StockQuantityDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'What is on hand cost, at the moving weighted average' })
  valueAtCost!: MoneyResponseDto;
  @ApiProperty({ example: '2027-05-10T12:00:00.000+08:00' })
  updatedAt!: string;
}

export class StockLevelQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this product' })
  @IsOptional()
  @IsUUID('all')
  productId?: string;
}

export class StockMovementResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ format: 'uuid' })
  productId!: string;
  @ApiProperty({ enum: MOVEMENT_KINDS })
  kind!: MovementKind;
  @ApiProperty({ type: StockQuantityDto, description: 'How much moved (always positive: `direction` says which way)' })
  quantity!: StockQuantityDto;
  @ApiProperty({ enum: ['in', 'out'] })
  direction!: 'in' | 'out';
  @ApiProperty({ type: String, nullable: true, example: 'found behind the counter' })
  reason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'purchase_order', description: 'The document it belongs to' })
  documentType!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PO-SH01-20270510-0001' })
  documentId!: string | null;
  @ApiProperty({ type: MoneyResponseDto, description: 'Cost of one piece: the receipt’s own in, the moving average out' })
  unitCost!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'How the stock’s value at cost moved (negative out)' })
  valueChange!: MoneyResponseDto;
  @ApiProperty({ example: { type: 'user', id: '3f0c2a1e-5b7d-4c9e-8a2f-1d6b4e8c0a57' } })
  actor!: { type: string; id: string | null };
  @ApiProperty({ example: '2027-05-10T12:00:00.000+08:00' })
  createdAt!: string;
}

export class StockMovementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this product' })
  @IsOptional()
  @IsUUID('all')
  productId?: string;

  @ApiPropertyOptional({ enum: MOVEMENT_KINDS, description: 'Only movements of this kind' })
  @IsOptional()
  @IsIn(MOVEMENT_KINDS)
  kind?: MovementKind;

  @ApiPropertyOptional({ description: 'Only movements at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Only movements before this instant (ISO 8601)' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export const ADJUSTMENT_TYPES = ['correction', 'damage', 'expiry'] as const;
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];

export class CreateAdjustmentDto {
  @ApiProperty({ format: 'uuid', description: 'One of your stores', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ format: 'uuid', example: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' })
  @IsUUID('all')
  productId!: string;

  @ApiProperty({ enum: ['in', 'out'], example: 'in', description: '`in` adds stock (found, miscounted), `out` removes it' })
  @IsIn(['in', 'out'])
  direction!: 'in' | 'out';

  @ApiPropertyOptional({ enum: ADJUSTMENT_TYPES, default: 'correction', description: '`damage` and `expiry` write stock off (`out` only; `expiry` takes expired batches first)' })
  @IsOptional()
  @IsIn(ADJUSTMENT_TYPES)
  type?: AdjustmentType;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PIECES, example: 2, description: 'Whole pieces; give this or `measure`' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of pieces' })
  @Min(1)
  @Max(MAX_PIECES)
  pieces?: number;

  @ApiPropertyOptional({ description: 'For products measured in ml or g: how much, up to 3 decimals (`30.5`); give this or `pieces`' })
  @IsOptional()
  @IsDecimalNumber({ places: 3, greaterThan: 0, max: 10_000_000 })
  measure?: number;

  @ApiProperty({ example: '盘点多出一瓶 one more bottle than counted', minLength: 1, maxLength: 500, description: 'Why: the movement and the audit keep it' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class AdjustmentResponseDto {
  @ApiProperty({ type: StockMovementResponseDto })
  movement!: StockMovementResponseDto;
  @ApiProperty({ type: StockLevelResponseDto, description: 'The level after it' })
  level!: StockLevelResponseDto;
}
