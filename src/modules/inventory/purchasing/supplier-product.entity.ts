import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Supplier } from './supplier.entity.js';

/**
 * Which supplier sells which product: the supplier's own code for it, the last agreed cost of a piece,
 * how it is sold (packs of `packSize` pieces, at least `minimumOrderPieces`), and whether this is the
 * product's preferred supplier (one a product: suggested purchase orders go to it).
 */
@Entity('supplier_product')
@Check('ck_supplier_product_pack_size', `"pack_size" > 0`)
@Check('ck_supplier_product_minimum', `"minimum_order_pieces" > 0`)
@Check('ck_supplier_product_unit_cost', `"unit_cost_amount" IS NULL OR "unit_cost_amount" >= 0`)
@Check('ck_supplier_product_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Index('uq_supplier_product_preferred', ['productId'], { unique: true, where: `"preferred"` })
@Index('ix_supplier_product_product', ['productId'])
export class SupplierProduct {
  @ForeignKey(() => Supplier, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  supplierId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  productId!: string;

  /** The supplier's code for the product (on its price list and invoices). */
  @Column({ type: 'text', nullable: true })
  supplierSku!: string | null;

  /** The last agreed cost of one piece, minor units; null when none was agreed. */
  @Column({ type: 'bigint', nullable: true })
  unitCostAmount!: string | null;

  @Column({ type: 'character', length: 3 })
  currency!: string;

  /** Pieces in one pack: orders are whole packs. */
  @Column({ type: 'int', default: 1 })
  packSize!: number;

  /** The fewest pieces the supplier takes an order for. */
  @Column({ type: 'int', default: 1 })
  minimumOrderPieces!: number;

  @Column({ type: 'boolean', default: false })
  preferred!: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
