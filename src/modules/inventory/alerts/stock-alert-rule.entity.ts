import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** When a store's stock of a product is low, and how much to reorder then: set by its managers. */
@Entity('stock_alert_rule')
@Check('ck_stock_alert_rule_level', `"alert_level_units" >= 0`)
@Check('ck_stock_alert_rule_reorder', `"reorder_pieces" > 0`)
export class StockAlertRule {
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  productId!: string;

  /** Stock units: when what is available falls to this, an alert opens. */
  @Column({ type: 'bigint' })
  alertLevelUnits!: string;

  /** Whole pieces a purchase order should ask for. */
  @Column({ type: 'int' })
  reorderPieces!: number;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
