import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Stock that should have gone out but was not there (a service used more colour than the store had
 * on its books): never taken below zero, kept here for the manager to count and adjust.
 */
@Entity('stock_shortfall')
@Check('ck_stock_shortfall_units', `"units_missing" > 0`)
@Index('ix_stock_shortfall_open', ['storeId', 'createdAt'], { where: `"resolved_at" IS NULL` })
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
}
