import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ALERT_KINDS = ['low_stock', 'expiring', 'shortfall'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * A stock alert of a store, by kind:
 * - `low_stock`: opened when available stock of a product falls to its alert level, resolved when it
 *   comes back above; one open per store and product;
 * - `expiring`: a batch with stock left expires within the store's warning days (or has expired):
 *   raised once per batch by the daily sweep, resolved when the batch is used up or written off;
 * - `shortfall`: back-bar consumption found less than it needed; resolved when the manager has dealt
 *   with every open shortfall of the product; one open per store and product.
 */
@Entity('stock_alert')
@Check('ck_stock_alert_status', `"status" IN ('open', 'resolved')`)
@Check('ck_stock_alert_resolved', `("status" = 'resolved') = ("resolved_at" IS NOT NULL)`)
@Check('ck_stock_alert_kind', `"kind" IN ('low_stock', 'expiring', 'shortfall')`)
@Check('ck_stock_alert_low_stock', `"kind" <> 'low_stock' OR ("available_units" IS NOT NULL AND "alert_level_units" IS NOT NULL)`)
@Check('ck_stock_alert_batch', `("kind" = 'expiring') = ("batch_id" IS NOT NULL)`)
@Index('uq_stock_alert_open', ['storeId', 'productId', 'kind'], { unique: true, where: `"status" = 'open' AND "kind" <> 'expiring'` })
// Once per batch, ever: the sweep does not alert a batch again every day.
@Index('uq_stock_alert_batch', ['batchId'], { unique: true, where: `"kind" = 'expiring'` })
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

  @Column({ type: 'text', default: 'low_stock' })
  kind!: AlertKind;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'resolved';

  /** What was available when it opened (stock units). */
  @Column({ type: 'bigint', nullable: true })
  availableUnits!: string | null;

  /** The level it fell to (stock units); low stock only. */
  @Column({ type: 'bigint', nullable: true })
  alertLevelUnits!: string | null;

  /** The expiring batch; expiring only. */
  @ForeignKey('StockBatch', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt!: Date | null;
}
