import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One store's stock of one product: the balance of the stock ledger (stock-ledger.ts). Quantities are
 * in stock units (stock-units.ts): pieces, or thousandths of a millilitre or gram for products counted
 * in their measure, so a service may use part of a bottle. `onHand` is always the sum of the product's
 * movements in the store, and of its batches' remaining units.
 */
@Entity('stock_level')
@Check('ck_stock_level_on_hand', `"on_hand" >= 0`)
@Check('ck_stock_level_reserved', `"reserved" >= 0 AND "reserved" <= "on_hand"`)
@Check('ck_stock_level_units_per_piece', `"units_per_piece" > 0`)
@Check('ck_stock_level_value', `"value_amount" >= 0`)
@Check('ck_stock_level_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class StockLevel {
  /** Cross-module references by entity name: inventory calls stores and catalog, it imports neither's entities. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Index('ix_stock_level_product')
  @PrimaryColumn('uuid')
  productId!: string;

  /**
   * Stock units in one piece, fixed when the store first stocks the product (a later change of the
   * catalog's size does not rescale stock). Written before any posting; the default only lets the
   * ledger's upsert form its row.
   */
  @Column({ type: 'bigint', default: 1 })
  unitsPerPiece!: string;

  @Column({ type: 'bigint', default: 0 })
  onHand!: string;

  /** Held for orders (reservations): a sale without one may not take it. */
  @Column({ type: 'bigint', default: 0 })
  reserved!: string;

  /** What the units on hand cost, at the moving weighted average, in minor units. */
  @Column({ type: 'bigint', default: 0 })
  valueAmount!: string;

  @Column({ type: 'char', length: 3, default: 'CNY' })
  currency!: string;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
