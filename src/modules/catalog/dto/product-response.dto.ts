import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponseDto, moneyOf, optionalMoneyOf } from '../../../common/money/index.js';
import type { CatalogStatus, ProductUnit, ProductUse } from '../catalog-rules.js';
import { isSold } from '../catalog-rules.js';
import type { Product } from '../product.entity.js';

export class SpecificationResponseDto {
  @ApiProperty({ example: 500 })
  size!: number;
  @ApiProperty({ enum: ['ml', 'g', 'pcs'], example: 'ml' })
  unit!: ProductUnit;
}

/** A product as one store sells it. */
export class ProductStoreViewDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  /** What the store charges: its own price, or the catalog's; null for professional-only products, which are not sold. */
  @ApiProperty({ type: MoneyResponseDto, nullable: true, example: { amount: 26800, currency: 'CNY' } })
  salePrice!: MoneyResponseDto | null;
  @ApiProperty({ example: true })
  salePriceOverridden!: boolean;
}

export class ProductResponseDto {
  @ApiProperty({ format: 'uuid', example: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81' })
  id!: string;
  @ApiProperty({ example: 'KER-BAIN-500' })
  sku!: string;
  @ApiProperty({ type: String, nullable: true, example: '3474636397389' })
  barcode!: string | null;
  @ApiProperty({ example: '卡诗 元气姜洗发水 Bain Vital Dermo-Calm 500 ml' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Kérastase' })
  brand!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'hair care' })
  category!: string | null;
  specification!: SpecificationResponseDto;
  @ApiProperty({ enum: ['retail', 'professional', 'both'], example: 'both' })
  use!: ProductUse;
  @ApiProperty({ type: 'integer', nullable: true, example: 730 })
  shelfLifeDays!: number | null;
  /** Null when not set, and for receptionists and beauticians (cost prices are for managers). */
  @ApiProperty({ type: MoneyResponseDto, nullable: true, example: { amount: 9800, currency: 'CNY' } })
  costPrice!: MoneyResponseDto | null;
  /** The catalog's sale price (see `store.salePrice` for a store's); required when the product is sold (`retail`, `both`). */
  @ApiProperty({ type: MoneyResponseDto, nullable: true, example: { amount: 24800, currency: 'CNY' } })
  salePrice!: MoneyResponseDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'Aqua, Cetearyl Alcohol, Behentrimonium Chloride, …' })
  ingredients!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Apply to washed, towel-dried hair; leave 5 minutes; rinse.' })
  usageInstructions!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Avoid contact with eyes.' })
  precautions!: string | null;
  @ApiProperty({ type: [String], example: ['https://cdn.bloom.example/products/kerastase-bain-500.jpg'] })
  imageUrls!: string[];
  /** Archived products are not sold or used but stay readable. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  status!: CatalogStatus;
  /** Send it back as `If-Match: "<version>"` to change the product (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
  /** With `storeId`: the product as that store sells it; null otherwise. */
  @ApiProperty({ type: ProductStoreViewDto, nullable: true })
  store!: ProductStoreViewDto | null;
}

export interface ProductView {
  /** Whether to show the cost price. */
  withCost: boolean;
  /** The store asked about, and its own price for this product when it has one. */
  store?: { storeId: string; amount: string | null } | null;
}

export function toProductResponse(product: Product, view: ProductView): ProductResponseDto {
  const sale = optionalMoneyOf(product.saleAmount, product.currency);
  const sold = isSold(product.use) && sale !== null;
  const storeAmount = view.store?.amount ?? null;
  return {
    id: product.id,
    sku: product.sku,
    barcode: product.barcode,
    name: product.name,
    brand: product.brand,
    category: product.category,
    specification: { size: Number(product.size), unit: product.unit },
    use: product.use,
    shelfLifeDays: product.shelfLifeDays,
    costPrice: view.withCost ? optionalMoneyOf(product.costAmount, product.currency) : null,
    salePrice: sale,
    ingredients: product.ingredients,
    usageInstructions: product.usageInstructions,
    precautions: product.precautions,
    imageUrls: product.imageUrls,
    status: product.status,
    version: product.version,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    store: view.store
      ? {
          storeId: view.store.storeId,
          salePrice: !sold ? null : storeAmount !== null ? moneyOf(storeAmount, product.currency) : sale,
          salePriceOverridden: sold && storeAmount !== null,
        }
      : null,
  };
}
