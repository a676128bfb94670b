import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What an order was confirmed without (the caller asked for a back-order): the units its line could
 * not reserve. Open ones count in the suggested purchase orders; filled when the goods go out, cancelled
 * with the order.
 */
@Entity('stock_backorder')
@Check('ck_stock_backorder_units', `"units" > 0`)
@Check('ck_stock_backorder_status', `"status" IN ('open', 'filled', 'cancelled')`)
@Index('ix_stock_backorder_reference', ['reference'])
@Index('ix_stock_backorder_open', ['storeId', 'productId'], { where: `"status" = 'open'` })
export class StockBackorder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** Stock units short. */
  @Column({ type: 'bigint' })
  units!: string;

  /** Whose (`order:<id>`), as reservations. */
  @Column({ type: 'text' })
  reference!: string;

  /** The line it came from (`lines[0].quantity`). */
  @Column({ type: 'text' })
  field!: string;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'filled' | 'cancelled';

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt!: Date | null;
}
