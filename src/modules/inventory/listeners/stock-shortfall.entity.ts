import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Stock that should have gone out but was not there (a service used more colour than the store had
 * on its books): never taken below zero, kept here as the manager's task to count and adjust
 * (`POST /v1/inventory/shortfalls/{id}/resolve`).
 */
@Entity('stock_shortfall')
@Check('ck_stock_shortfall_units', `"units_missing" > 0`)
@Check('ck_stock_shortfall_resolved', `"resolved_at" IS NOT NULL OR ("resolved_by_id" IS NULL AND "movement_id" IS NULL AND "resolution_note" IS NULL)`)
@Index('ix_stock_shortfall_open', ['storeId', 'createdAt'], { where: `"resolved_at" IS NULL` })
@Index('ix_stock_shortfall_store', ['storeId', 'createdAt', 'id'])
export class StockShortfall {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** Stock units that could not be taken. */
  @Column({ type: 'bigint' })
  unitsMissing!: string;

  /** The movement it was short of (`appointment:<id>:consume:<product>`): one shortfall each. */
  @Column({ type: 'text', unique: true })
  sourceKey!: string;

  @Column({ type: 'text' })
  documentType!: string;

  @Column({ type: 'text' })
  documentId!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  /** When a manager dealt with it (counted, adjusted). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt!: Date | null;

  /** Who resolved it: a staff user, or an API key. */
  @Column({ type: 'text', nullable: true })
  resolvedByType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById!: string | null;

  /** The adjustment the count posted, if the count differed from the books. */
  @ForeignKey('StockMovement', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  movementId!: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionNote!: string | null;
}
