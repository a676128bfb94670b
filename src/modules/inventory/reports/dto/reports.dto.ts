import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { MoneyResponseDto } from '../../../../common/money/money.dto.js';
import { AsList, IsInstant, IsPlainDate, Trim } from '../../../../common/validation/index.js';
import { StockMovementResponseDto, StockQuantityDto } from '../../stock/dto/stock.dto.js';
import { MOVEMENT_KINDS, type MovementKind } from '../../stock/stock-movement.entity.js';

/** The longest look-back or look-ahead of a report: ten years. */
export const MAX_REPORT_DAYS = 3650;

/** Which stock a report covers: the caller's stores, or one of them, and one product or all. */
export class ReportScopeDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this product' })
  @IsOptional()
  @IsUUID('all')
  productId?: string;
}

/** `?days=`: a whole number of days, 1 to MAX_REPORT_DAYS. */
const Days = (fallback: number, what: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_REPORT_DAYS, default: fallback, description: what }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'must be a whole number of days' }),
    Min(1),
    Max(MAX_REPORT_DAYS),
  );

export class StockOnHandQueryDto extends ReportScopeDto {
  @ApiPropertyOptional({ description: 'Only products of this catalog category, any case' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  category?: string;
}

export class MovementReportQueryDto extends ReportScopeDto {
  @ApiPropertyOptional({ enum: MOVEMENT_KINDS, isArray: true, description: 'Only movements of these kinds (repeat it: `kind=sale&kind=consumption`)' })
  @IsOptional()
  @AsList()
  @IsArray()
  @ArrayMaxSize(MOVEMENT_KINDS.length)
  @IsIn(MOVEMENT_KINDS, { each: true })
  kind?: MovementKind[];

  @ApiPropertyOptional({ description: 'Only movements at or after this instant (ISO 8601 with offset)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Only movements before this instant (ISO 8601 with offset)' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'Only movements of this kind of document (`purchase_order`, `transfer`, `stocktake`, `order`, `appointment`…)' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 50)
  documentType?: string;

  @ApiPropertyOptional({ description: 'Only movements of this document (its id or number)' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  documentId?: string;
}

export class SlowMoversQueryDto extends ReportScopeDto {
  @Days(90, 'Days without a sale, today (in the store’s time zone) included')
  days?: number;
}

export class ExpiringQueryDto extends ReportScopeDto {
  @Days(30, 'Batches expiring within this many days from today (in the store’s time zone); expired ones are always included')
  days?: number;
}

export class TurnoverQueryDto extends ReportScopeDto {
  @ApiPropertyOptional({ description: 'First day of the period (YYYY-MM-DD, in each store’s time zone); 29 days before `to` when left out' })
  @IsOptional()
  @IsPlainDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period, included (YYYY-MM-DD); today in the store’s time zone when left out' })
  @IsOptional()
  @IsPlainDate()
  to?: string;
}

/** The CSV downloads take a report's filters, not its paging: they hold every row. */
export class StockOnHandCsvQueryDto extends OmitType(StockOnHandQueryDto, ['limit', 'cursor'] as const) {}
export class MovementReportCsvQueryDto extends OmitType(MovementReportQueryDto, ['limit', 'cursor'] as const) {}
export class SlowMoversCsvQueryDto extends OmitType(SlowMoversQueryDto, ['limit', 'cursor'] as const) {}
export class ExpiringCsvQueryDto extends OmitType(ExpiringQueryDto, ['limit', 'cursor'] as const) {}
export class TurnoverCsvQueryDto extends OmitType(TurnoverQueryDto, ['limit', 'cursor'] as const) {}

/** A product as reports name it. */
class ReportProductDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ format: 'uuid' })
  productId!: string;
  @ApiProperty({ example: 'KER-BAIN-250' })
  sku!: string;
  @ApiProperty({ example: '卡诗 洗发水 Bain Satin 250 ml' })
  name!: string;
  @ApiProperty({ enum: ['ml', 'g', 'pcs'], description: 'Unit of measure: quantities of `ml` and `g` products also read in their measure' })
  unit!: string;
}

export class StockOnHandRowDto extends ReportProductDto {
  @ApiProperty({ type: String, nullable: true, example: 'hair care' })
  category!: string | null;
  @ApiProperty({ type: StockQuantityDto })
  onHand!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, description: 'Held for orders' })
  reserved!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, description: 'On hand less what is held' })
  available!: StockQuantityDto;
  @ApiProperty({ type: MoneyResponseDto, nullable: true, description: 'Moving weighted average cost of one piece; null with nothing on hand' })
  averageUnitCost!: MoneyResponseDto | null;
  @ApiProperty({ type: MoneyResponseDto, description: 'What is on hand cost' })
  value!: MoneyResponseDto;
}

export class StoreValueTotalDto {
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ type: 'integer', example: 42, description: 'Products the report lists for the store (every page)' })
  products!: number;
  @ApiProperty({ type: MoneyResponseDto, description: 'Their value at cost' })
  value!: MoneyResponseDto;
}

export class StockOnHandReportDto {
  @ApiProperty({ type: [StockOnHandRowDto] })
  data!: StockOnHandRowDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
  @ApiProperty({ type: [StoreValueTotalDto], description: 'Per store, over every row of the report (not only this page)' })
  totals!: StoreValueTotalDto[];
}

export class MovementReportRowDto extends StockMovementResponseDto {
  @ApiProperty({ example: 'KER-BAIN-250' })
  sku!: string;
  @ApiProperty({ example: '卡诗 洗发水 Bain Satin 250 ml' })
  name!: string;
  @ApiProperty({ enum: ['ml', 'g', 'pcs'] })
  unit!: string;
}

export class SlowMoverRowDto extends ReportProductDto {
  @ApiProperty({ type: StockQuantityDto })
  onHand!: StockQuantityDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'What is on hand cost' })
  value!: MoneyResponseDto;
  @ApiProperty({ type: String, nullable: true, example: '2027-01-12T15:20:00.000+08:00', description: 'The last sale ever; null if never sold' })
  lastSaleAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 118, description: 'Days since that sale, in the store’s time zone; null if never sold' })
  daysSinceLastSale!: number | null;
}

export class ExpiringBatchRowDto extends ReportProductDto {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'L2407A' })
  lotCode!: string | null;
  @ApiProperty({ example: '2027-06-01' })
  expiresOn!: string;
  @ApiProperty({ type: 'integer', example: 22, description: 'Days from today (store’s time zone) to the expiry date; 0 expires today, negative: expired' })
  daysLeft!: number;
  @ApiProperty({ description: 'Past its expiry date: neither sold nor used, only written off' })
  expired!: boolean;
  @ApiProperty({ type: StockQuantityDto })
  remaining!: StockQuantityDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'Cost of one piece of this batch (its receipt’s)' })
  unitCost!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'What remains, at the batch’s cost' })
  value!: MoneyResponseDto;
}

export class TurnoverRowDto extends ReportProductDto {
  @ApiProperty({ example: '2027-04-11', description: 'First day of the period, in the store’s time zone' })
  from!: string;
  @ApiProperty({ example: '2027-05-10', description: 'Last day of the period, included' })
  to!: string;
  @ApiProperty({ type: StockQuantityDto, description: 'Sold in the period (sales)' })
  sold!: StockQuantityDto;
  @ApiProperty({ type: StockQuantityDto, description: 'Used by services in the period (consumption)' })
  consumed!: StockQuantityDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'Cost of goods out: the value at cost of the period’s sales and consumption' })
  costOfGoodsOut!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'Value at cost when the period began (from the ledger)' })
  openingValue!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'Value at cost when it ended (or now, for a period ending today)' })
  closingValue!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'Average value at cost over the period (to now, for a period not over yet), weighted by time' })
  averageValue!: MoneyResponseDto;
  @ApiProperty({ type: Number, nullable: true, example: 1.25, description: 'costOfGoodsOut / averageValue, 2 decimals; null when the average is 0' })
  turnover!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 24.5, description: 'closingValue / (costOfGoodsOut per day of the period), 1 decimal; null when nothing went out' })
  daysOfCover!: number | null;
}
