import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CatalogStatus, ProductUnit, ProductUse } from './catalog-rules.js';

/**
 * Something the salon sells (retail), uses on clients (professional back-bar), or both. Stock is the
 * inventory module's. Both prices are in `currency`; a product sold to clients has a sale price.
 * Archived, never deleted.
 */
@Entity('product')
@Check('ck_product_status', `"status" IN ('active', 'archived')`)
@Check('ck_product_use', `"use" IN ('retail', 'professional', 'both')`)
@Check('ck_product_unit', `"unit" IN ('ml', 'g', 'pcs')`)
@Check('ck_product_size', `"size" > 0`)
@Check('ck_product_prices', `coalesce("cost_amount", 0) >= 0 AND coalesce("sale_amount", 0) >= 0`)
@Check('ck_product_sale_price', `"use" = 'professional' OR "sale_amount" IS NOT NULL`)
@Check('ck_product_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Check('ck_product_shelf_life', `"shelf_life_days" IS NULL OR "shelf_life_days" > 0`)
@Index('ix_product_created', ['createdAt', 'id'])
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique regardless of case. */
  @Column({ type: 'citext', unique: true })
  sku!: string;

  /** EAN/UPC or the salon's own code; unique when present. */
  @Column({ type: 'text', unique: true, nullable: true })
  barcode!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'citext', nullable: true })
  brand!: string | null;

  @Column({ type: 'citext', nullable: true })
  category!: string | null;

  /** Content of one unit sold or opened: 500 (ml). */
  @Column({ type: 'numeric', precision: 12, scale: 3 })
  size!: string;

  @Column({ type: 'text' })
  unit!: ProductUnit;

  @Column({ type: 'text' })
  use!: ProductUse;

  @Column({ type: 'int', nullable: true })
  shelfLifeDays!: number | null;

  @Column({ type: 'bigint', nullable: true })
  costAmount!: string | null;

  @Column({ type: 'bigint', nullable: true })
  saleAmount!: string | null;

  @Column({ type: 'char', length: 3, default: 'CNY' })
  currency!: string;

  @Column({ type: 'text', nullable: true })
  ingredients!: string | null;

  @Column({ type: 'text', nullable: true })
  usageInstructions!: string | null;

  @Column({ type: 'text', nullable: true })
  precautions!: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  imageUrls!: string[];

  @Column({ type: 'text', default: 'active' })
  status!: CatalogStatus;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
