import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StockMovement } from './stock-movement.entity.js';

/**
 * What one receipt brought into a store, with its dates: sales and consumption take the batch that
 * expires first (FEFO), and an expired batch is neither sold nor used. The remaining units of a
 * level's batches add up to its `onHand`.
 */
@Entity('stock_batch')
@Check('ck_stock_batch_units', `"received_units" > 0 AND "remaining_units" >= 0 AND "remaining_units" <= "received_units"`)
@Check('ck_stock_batch_dates', `"produced_on" IS NULL OR "expires_on" IS NULL OR "expires_on" >= "produced_on"`)
@Check('ck_stock_batch_unit_cost', `"unit_cost_amount" >= 0`)
@Index('ix_stock_batch_fefo', ['storeId', 'productId', 'expiresOn', 'receivedAt'], { where: `"remaining_units" > 0` })
export class StockBatch {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** The supplier's lot number, when printed on the box. */
  @Column({ type: 'text', nullable: true })
  lotCode!: string | null;

  @Column({ type: 'date', nullable: true })
  producedOn!: string | null;

  /** Given, or the production date plus the product's shelf life; null: does not expire. */
  @Column({ type: 'date', nullable: true })
  expiresOn!: string | null;

  @Column({ type: 'bigint' })
  receivedUnits!: string;

  @Column({ type: 'bigint' })
  remainingUnits!: string;

  /** Cost of one piece of this batch. */
  @Column({ type: 'bigint' })
  unitCostAmount!: string;

  /** The movement that brought it in. */
  @ForeignKey(() => StockMovement, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', unique: true })
  movementId!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt!: Date;
}
