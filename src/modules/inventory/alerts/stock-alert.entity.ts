import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A low stock alert: opened when a store's available stock of a product falls to its alert level,
 * resolved when stock comes back above it. One open alert per store and product.
 */
@Entity('stock_alert')
@Check('ck_stock_alert_status', `"status" IN ('open', 'resolved')`)
@Check('ck_stock_alert_resolved', `("status" = 'resolved') = ("resolved_at" IS NOT NULL)`)
@Index('uq_stock_alert_open', ['storeId', 'productId'], { unique: true, where: `"status" = 'open'` })
@Index('ix_stock_alert_store', ['storeId', 'createdAt'])
export class StockAlert {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'resolved';

  /** What was available when it opened (stock units). */
  @Column({ type: 'bigint' })
  availableUnits!: string;

  /** The level it fell to (stock units). */
  @Column({ type: 'bigint' })
  alertLevelUnits!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt!: Date | null;
}
