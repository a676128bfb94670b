import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { MoneyResponseDto } from '../../../../common/money/money.dto.js';
import { IsOptionalNotNull, NestedObjects, Trim, trimSpaces } from '../../../../common/validation/index.js';
import { stocktakeStates, type StocktakeStatus } from '../stocktake-state.js';

const STATUSES = stocktakeStates.states;
export const MAX_COUNT_LINES = 200;
export const MAX_CATEGORIES = 50;
/** Pieces, or ml or g, in one entry: far more than any shelf holds. */
export const MAX_COUNT = 10_000_000;
const EXAMPLE_ID = '5d2e7a9c-3b1f-4c8e-a6d4-0f2b8c7e1a93';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
const EXAMPLE_COUNT = '8e3b1d6f-2a4c-4e7b-9d0f-6c1a3e5b7d29';
const UNITS = ['ml', 'g', 'pcs'];

/**
 * A counted quantity: a number from 0 to MAX_COUNT with at most 3 decimals, checked as a number
 * (class-validator's `maxDecimalPlaces` reads the printed form and fails on `1e-7`). Whether a
 * product takes whole pieces only is the service's to say: it knows the product.
 */
const IsCount = () =>
  ValidateBy({
    name: 'isCount',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_COUNT) return false;
        const scaled = value * 1000;
        return Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled);
      },
      defaultMessage: () => `must be a number from 0 to ${MAX_COUNT} with at most 3 decimal places`,
    },
  });

export class OpenStocktakeDto {
  /** The store counted: one of yours. */
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  @IsUUID('all')
  storeId!: string;

  /** Count only the products of these categories (as products name them, any case); leave out to count every product the store stocks. */
  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: MAX_CATEGORIES, example: ['colour', 'shampoo'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CATEGORIES)
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? trimSpaces(item) : item)) : value))
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  categories?: string[];

  @ApiPropertyOptional({ example: '月末盘点 Month-end count' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export const OPEN_STOCKTAKE_EXAMPLES = {
  categories: {
    summary: 'Colours and shampoos (leave `categories` out to count every product the store stocks)',
    value: { storeId: EXAMPLE_STORE, categories: ['colour', 'shampoo'], note: '月末盘点 Month-end count' },
  },
};

export class CountLineDto {
  /** The product counted: give this or `barcode`. */
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_PRODUCT })
  @IsOptionalNotNull()
  @IsUUID('all')
  productId?: string;

  /** The barcode scanned on the product: give this or `productId`. */
  @ApiPropertyOptional({ example: '3474636397389', minLength: 1, maxLength: 64 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'must be a barcode: 1 to 64 letters, digits or signs, no spaces' })
  barcode?: string;

  /** Whole pieces for products counted in pieces; ml or g (up to 3 decimals) for measured products, opened ones included. */
  @ApiProperty({ minimum: 0, maximum: MAX_COUNT, example: 6 })
  @IsCount()
  quantity!: number;
}

export class CreateCountsDto {
  @ApiProperty({ type: [CountLineDto], minItems: 1, maxItems: MAX_COUNT_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COUNT_LINES)
  @NestedObjects()
  @Type(() => CountLineDto)
  lines!: CountLineDto[];
}

export const CREATE_COUNTS_EXAMPLES = {
  scanned: {
    summary: 'A shelf: one product by id, one scanned',
    value: {
      lines: [
        { productId: EXAMPLE_PRODUCT, quantity: 6 },
        { barcode: '3474636397389', quantity: 2 },
      ],
    },
  },
};

export class ReplaceCountDto {
  /** The corrected quantity, in the product's counting unit (as when counting). */
  @ApiProperty({ minimum: 0, maximum: MAX_COUNT, example: 5 })
  @IsCount()
  quantity!: number;
}

export class CancelStocktakeDto {
  @ApiPropertyOptional({ example: '重新盘点 Counting again next week' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class StocktakeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only stocktakes of this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'Only stocktakes in this state' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: StocktakeStatus;
}

/** A product in scope as counters see it: what was counted so far, never what the books say. */
export class StocktakeLineResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: 'KER-BAIN-250' })
  sku!: string;
  @ApiProperty({ example: '卡诗 洗发水 Bain Satin 250 ml' })
  name!: string;
  @ApiProperty({ enum: UNITS, description: 'What quantities are in: pieces for `pcs`, else ml or g' })
  unit!: string;
  /** Sum of the current entries (pieces, or ml or g); null: nobody counted it yet. */
  @ApiProperty({ type: Number, nullable: true, example: 6 })
  countedQuantity!: number | null;
  @ApiProperty({ example: 2, description: 'Current entries (corrected ones count once)' })
  entries!: number;
}

export class StocktakeSummaryResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ example: 'ST-SH01-20270510-0001' })
  number!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ enum: STATUSES, example: 'counting' })
  status!: StocktakeStatus;
  @ApiProperty({ type: [String], nullable: true, example: null, description: 'The categories counted; null: every product the store stocked at opening' })
  categories!: string[] | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  note!: string | null;
  @ApiProperty({ example: 42, description: 'Products in scope' })
  productCount!: number;
  @ApiProperty({ example: 40, description: 'Products in scope counted so far' })
  countedCount!: number;
  @ApiProperty({ type: Date, nullable: true, example: null })
  submittedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  approvedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  cancelledAt!: Date | null;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2027-05-10T04:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2027-05-10T04:00:00.000Z' })
  updatedAt!: Date;
}

export class StocktakeResponseDto extends StocktakeSummaryResponseDto {
  @ApiProperty({ type: [StocktakeLineResponseDto], description: 'Every product in scope, by SKU' })
  lines!: StocktakeLineResponseDto[];
}

export class StocktakeCountResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_COUNT })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: 6, description: 'Pieces, or ml or g for measured products' })
  quantity!: number;
  @ApiProperty({ enum: UNITS })
  unit!: string;
  @ApiProperty({ type: String, nullable: true, example: '3474636397389', description: 'The barcode scanned, if one was' })
  barcode!: string | null;
  @ApiProperty({ example: { type: 'user', id: '3f0c2a1e-5b7d-4c9e-8a2f-1d6b4e8c0a57' } })
  countedBy!: { type: string; id: string | null };
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'The entry this one corrects' })
  replacesId!: string | null;
  @ApiProperty({ example: '2027-05-10T04:10:00.000Z' })
  countedAt!: Date;
}

export class StocktakeCountsResponseDto {
  @ApiProperty({ type: [StocktakeCountResponseDto] })
  data!: StocktakeCountResponseDto[];
}

export class VarianceLineResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: 'KER-BAIN-250' })
  sku!: string;
  @ApiProperty({ example: '卡诗 洗发水 Bain Satin 250 ml' })
  name!: string;
  @ApiProperty({ enum: UNITS })
  unit!: string;
  @ApiProperty({ enum: ['counted', 'not_counted'], example: 'counted', description: '`not_counted`: nobody counted it; approval leaves its stock unchanged' })
  status!: 'counted' | 'not_counted';
  /** On hand by the ledger when the product was last counted (sales and receipts during the count are in it); for one not counted, on hand now. */
  @ApiProperty({ example: 8 })
  expectedQuantity!: number;
  @ApiProperty({ type: Number, nullable: true, example: 7 })
  countedQuantity!: number | null;
  /** Counted less expected: negative is a shortage. */
  @ApiProperty({ type: Number, nullable: true, example: -1 })
  varianceQuantity!: number | null;
  @ApiProperty({ type: MoneyResponseDto, description: 'Cost of one piece: the moving average (approved: what was posted at)' })
  unitCost!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, nullable: true, description: 'The variance at that cost (negative: a shortage)' })
  varianceValue!: MoneyResponseDto | null;
}

export class VarianceTotalsResponseDto {
  @ApiProperty({ type: MoneyResponseDto, description: 'What the missing stock cost (a positive amount)' })
  shortageValue!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'What the stock found beyond the books is worth at cost' })
  surplusValue!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'Surplus less shortage' })
  netValue!: MoneyResponseDto;
  @ApiProperty({ example: 40 })
  counted!: number;
  @ApiProperty({ example: 2 })
  notCounted!: number;
  @ApiProperty({ example: 3, description: 'Counted products whose count differs from the books' })
  withVariance!: number;
}

export class VarianceReportResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  stocktakeId!: string;
  @ApiProperty({ example: 'ST-SH01-20270510-0001' })
  number!: string;
  @ApiProperty({ enum: STATUSES, example: 'submitted' })
  status!: StocktakeStatus;
  @ApiProperty({ type: [VarianceLineResponseDto], description: 'Every product in scope, by SKU' })
  lines!: VarianceLineResponseDto[];
  @ApiProperty({ type: VarianceTotalsResponseDto })
  totals!: VarianceTotalsResponseDto;
}

export class StocktakeStatusChangeDto {
  @ApiProperty({ enum: STATUSES, example: 'counting' })
  fromStatus!: string;
  @ApiProperty({ enum: STATUSES, example: 'submitted' })
  toStatus!: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system'], example: 'user' })
  actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  reason!: string | null;
  @ApiProperty({ example: '2027-05-10T05:00:00.000Z' })
  at!: Date;
}

export class StocktakeHistoryResponseDto {
  @ApiProperty({ type: [StocktakeStatusChangeDto] })
  data!: StocktakeStatusChangeDto[];
}
