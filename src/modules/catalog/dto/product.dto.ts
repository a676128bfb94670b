import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { IsDecimalNumber, IsOptionalNotNull, MultilineText, NestedObject, Trim } from '../../../common/validation/index.js';
import { BARCODE, PRODUCT_UNITS, PRODUCT_USES, SKU, type ProductUnit, type ProductUse, type StatusFilter } from '../catalog-rules.js';
import { CatalogMoneyDto, STATUS_FILTER_RULE, statusFilterProperty } from './common.dto.js';

const SKU_MESSAGE = 'must be 1 to 40 letters, digits, `.`, `_` or `-`, starting with a letter or digit';
const BARCODE_MESSAGE = 'must be 4 to 32 letters, digits or `-` (EAN-13, UPC or your own code)';
const URL_RULE = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };

/** Content of one unit sold or opened. */
export class SpecificationDto {
  /** Up to 3 decimals: 500 (ml), 50 (g), 1 (pcs). */
  @ApiProperty({ example: 500, minimum: 0, exclusiveMinimum: true, maximum: 1_000_000 })
  @IsDecimalNumber({ places: 3, greaterThan: 0, max: 1_000_000 })
  size!: number;

  /** `ml`, `g` or `pcs` (pieces); service consumption is counted in it too. */
  @ApiProperty({ enum: PRODUCT_UNITS, example: 'ml' })
  @IsIn(PRODUCT_UNITS)
  unit!: ProductUnit;
}

/** What a product has besides its identity (shared by create and update). */
export class ProductFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Kérastase' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  brand?: string | null;

  /** Free text, matched regardless of case by the `category` filter. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'hair care' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  category?: string | null;

  /** Days from opening (or production) until it expires. */
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 730, minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  shelfLifeDays?: number | null;

  /** What the salon pays; shown to owners, managers and API keys only. */
  @ApiPropertyOptional({ type: CatalogMoneyDto, nullable: true, example: { amount: 9800, currency: 'CNY' } })
  @IsOptional()
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  costPrice?: CatalogMoneyDto | null;

  /** What clients pay; required when the product is sold (`retail` or `both`). */
  @ApiPropertyOptional({ type: CatalogMoneyDto, nullable: true, example: { amount: 24800, currency: 'CNY' } })
  @IsOptional()
  @NestedObject()
  @Type(() => CatalogMoneyDto)
  @IsObject()
  salePrice?: CatalogMoneyDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Aqua, Cetearyl Alcohol, Behentrimonium Chloride, …' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  ingredients?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Apply to washed, towel-dried hair; leave 5 minutes; rinse.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  usageInstructions?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Avoid contact with eyes. Patch test 48 hours before use.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  precautions?: string | null;

  /** http(s) URLs, at most 10, the first is the main image. */
  @ApiPropertyOptional({ type: [String], example: ['https://cdn.bloom.example/products/kerastase-bain-500.jpg'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUrl(URL_RULE, { each: true, message: 'each must be an http(s) URL' })
  @MaxLength(2048, { each: true })
  imageUrls?: string[];
}

export class CreateProductDto extends ProductFieldsDto {
  /** Stock keeping unit: unique regardless of case. */
  @ApiProperty({ example: 'KER-BAIN-500', pattern: SKU.source })
  @IsString()
  @Matches(SKU, { message: SKU_MESSAGE })
  sku!: string;

  /** Unique when given. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '3474636410835', pattern: BARCODE.source })
  @IsOptional()
  @IsString()
  @Matches(BARCODE, { message: BARCODE_MESSAGE })
  barcode?: string | null;

  @ApiProperty({ example: '卡诗 元气姜洗发水 Bain Vital Dermo-Calm 500 ml' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: SpecificationDto })
  @NestedObject()
  @Type(() => SpecificationDto)
  @IsObject()
  specification!: SpecificationDto;

  /** `retail`: sold to clients; `professional`: back-bar, used in services; `both`. */
  @ApiProperty({ enum: PRODUCT_USES, example: 'both' })
  @IsIn(PRODUCT_USES)
  use!: ProductUse;
}

/** Changes to a product; fields left out stay as they are; `null` clears an optional field. */
export class UpdateProductDto extends ProductFieldsDto {
  @ApiPropertyOptional({ example: 'KER-BAIN-500', pattern: SKU.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(SKU, { message: SKU_MESSAGE })
  sku?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '3474636410835', pattern: BARCODE.source })
  @IsOptional()
  @IsString()
  @Matches(BARCODE, { message: BARCODE_MESSAGE })
  barcode?: string | null;

  @ApiPropertyOptional({ example: '卡诗 元气姜洗发水 500 ml' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: SpecificationDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => SpecificationDto)
  @IsObject()
  specification?: SpecificationDto;

  @ApiPropertyOptional({ enum: PRODUCT_USES, example: 'retail' })
  @IsOptionalNotNull()
  @IsIn(PRODUCT_USES)
  use?: ProductUse;
}

export class ProductListQueryDto extends PageQueryDto {
  @statusFilterProperty()
  @IsOptional()
  @STATUS_FILTER_RULE()
  status?: StatusFilter;

  /** Products of this category, any case. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  category?: string;

  /** Products of this brand, any case. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  brand?: string;

  /** `retail`: what is sold to clients (retail and both); `professional`: what services use (professional and both); `both`: exactly both. */
  @ApiPropertyOptional({ enum: PRODUCT_USES })
  @IsOptional()
  @IsIn(PRODUCT_USES)
  use?: ProductUse;

  /** Part of the name, SKU or brand, any case; or the whole barcode. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;

  /** Show sale prices as this store has them (see `store` in each item). A store you cannot see answers 404. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;
}
