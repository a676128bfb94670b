import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MOVEMENT_KINDS = ['receipt', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'stocktake', 'consumption', 'write_off'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * The stock ledger's append-only movements: every change of a store's stock is one, with who, why,
 * the source document and the cost. Never updated or deleted.
 */
@Entity('stock_movement')
@Check('ck_stock_movement_delta', `"delta" <> 0`)
@Check('ck_stock_movement_kind', `"kind" IN ('receipt', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'stocktake', 'consumption', 'write_off')`)
@Check('ck_stock_movement_unit_cost', `"unit_cost_amount" >= 0`)
@Index('ix_stock_movement_level', ['storeId', 'productId', 'createdAt'])
@Index('ix_stock_movement_document', ['documentType', 'documentId'])
// The ledger newest first across stores (movement lists and reports), and each level's last sale (slow movers).
@Index('ix_stock_movement_created', ['createdAt', 'id'])
@Index('ix_stock_movement_sale', ['storeId', 'productId', 'createdAt'], { where: `"kind" = 'sale'` })
export class StockMovement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** Stock units, + in, − out. */
  @Column({ type: 'bigint' })
  delta!: string;

  /** What caused it, unique: posting it again changes nothing (`receipt:<id>:line:2`, `appointment:<id>:consume:<product>`). */
  @Column({ type: 'text', unique: true })
  sourceKey!: string;

  @Column({ type: 'text' })
  kind!: MovementKind;

  /** Why, in people's words (an adjustment must say). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The document it belongs to: `purchase_order`, `transfer`, `stocktake`, `order`, `appointment`… */
  @Column({ type: 'text', nullable: true })
  documentType!: string | null;

  @Column({ type: 'text', nullable: true })
  documentId!: string | null;

  /** Cost of one piece: the receipt's own cost in, the moving average out. */
  @Column({ type: 'bigint' })
  unitCostAmount!: string;

  /** How the stock's value at cost moved, in minor units (signed). */
  @Column({ type: 'bigint' })
  valueDelta!: string;

  @Column({ type: 'text' })
  actorType!: string;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
