import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsDecimalNumber } from '../../../../common/validation/index.js';
import { MAX_PIECES, StockQuantityDto } from '../../stock/dto/stock.dto.js';
import { ALERT_KINDS, type AlertKind } from '../stock-alert.entity.js';

export class PutAlertRuleDto {
  @ApiProperty({ format: 'uuid', description: 'One of your stores', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ format: 'uuid', example: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' })
  @IsUUID('all')
  productId!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PIECES,
    example: 3,
    description: 'Alert when available stock falls to this many pieces; give this or `alertLevelMeasure`',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of pieces' })
  @Min(0)
  @Max(MAX_PIECES)
  alertLevelPieces?: number;

  @ApiPropertyOptional({ description: 'For products measured in ml or g: alert when this much is left (up to 3 decimals); give this or `alertLevelPieces`' })
  @IsOptional()
  @IsDecimalNumber({ places: 3, greaterThan: 0, max: 10_000_000 })
  alertLevelMeasure?: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PIECES, example: 12, description: 'Whole pieces to reorder when it does' })
  @IsInt({ message: 'must be a whole number of pieces' })
  @Min(1)
  @Max(MAX_PIECES)
  reorderPieces!: number;
}

export class AlertRuleResponseDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ format: 'uuid' })
  productId!: string;
  @ApiProperty({ type: StockQuantityDto, description: 'The alert level' })
  alertLevel!: StockQuantityDto;
  @ApiProperty({ example: 12, type: 'integer' })
  reorderPieces!: number;
}

export class AlertRuleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;
}

/** The batch an `expiring` alert is about. */
export class AlertBatchDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'L2305', description: "The supplier's lot number, when printed on the box" })
  lotCode!: string | null;
  @ApiProperty({ example: '2027-05-20', format: 'date' })
  expiresOn!: string;
  @ApiProperty({ type: StockQuantityDto, description: 'What the batch still holds' })
  remaining!: StockQuantityDto;
}

export class StockAlertResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({
    enum: ALERT_KINDS,
    example: 'low_stock',
    description:
      '`low_stock`: available stock fell to the alert level; `expiring`: a batch expires within the store’s warning days (or has expired); ' +
      '`shortfall`: a service used more than the books held (see `GET /v1/inventory/shortfalls`)',
  })
  kind!: AlertKind;
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ format: 'uuid' })
  productId!: string;
  @ApiProperty({ example: 'KER-BAIN-250' })
  sku!: string;
  @ApiProperty({ example: '卡诗 洗发水 Bain Satin 250 ml' })
  name!: string;
  @ApiProperty({
    enum: ['open', 'resolved'],
    description: '`resolved` once stock came back above the level, the batch was used up or written off, or every shortfall of the product was dealt with',
  })
  status!: 'open' | 'resolved';
  @ApiProperty({ type: StockQuantityDto, nullable: true, description: 'What was available when it opened (for `expiring`: what the batch held); null for `shortfall`' })
  availableWhenOpened!: StockQuantityDto | null;
  @ApiProperty({ type: StockQuantityDto, description: 'What is available now' })
  availableNow!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, nullable: true, description: 'The alert level (`low_stock` only)' })
  alertLevel!: StockQuantityDto | null;
  @ApiProperty({ example: 12, type: 'integer', nullable: true, description: 'Pieces to reorder (null when there is no rule)' })
  reorderPieces!: number | null;
  @ApiProperty({ type: AlertBatchDto, nullable: true, description: 'The expiring batch (`expiring` only)' })
  batch!: AlertBatchDto | null;
  @ApiProperty({ example: '2027-05-10T12:00:00.000+08:00' })
  openedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null })
  resolvedAt!: string | null;
}

export class StockAlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Only alerts in this state; open ones when left out' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';

  @ApiPropertyOptional({ enum: ALERT_KINDS, description: 'Only alerts of this kind; all kinds when left out' })
  @IsOptional()
  @IsIn(ALERT_KINDS)
  kind?: AlertKind;
}
