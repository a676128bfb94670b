import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StockBatch } from './stock-batch.entity.js';
import { StockMovement } from './stock-movement.entity.js';

/** Which batches an outward movement took its units from (FEFO), so a recall finds who got a lot. */
@Entity('stock_movement_batch')
export class StockMovementBatch {
  @ForeignKey(() => StockMovement, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  movementId!: string;

  @ForeignKey(() => StockBatch, { onDelete: 'RESTRICT' })
  @Index('ix_stock_movement_batch_batch')
  @PrimaryColumn('uuid')
  batchId!: string;

  /** Units taken from the batch (positive). */
  @Column({ type: 'bigint' })
  units!: string;
}
