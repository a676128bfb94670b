import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { StatusHistoryColumns } from '../../../common/state/index.js';

export const STOCKTAKE_STATUSES = ['counting', 'submitted', 'approved', 'cancelled'] as const;
export type StocktakeStatusName = (typeof STOCKTAKE_STATUSES)[number];

/**
 * A count of one store's stock (issue 14): opened by a manager for the whole store or some product
 * categories (the products in scope are fixed then, as `stocktake_line`), counted by the store's staff
 * (`stocktake_count`), submitted (counting closed: the variance report is readable), approved (the
 * corrections are posted as `stocktake` movements), or cancelled before approval.
 */
@Entity('stocktake')
@Check('ck_stocktake_status', `"status" IN ('counting', 'submitted', 'approved', 'cancelled')`)
@Index('ix_stocktake_store', ['storeId', 'createdAt'])
@Index('ix_stocktake_created', ['createdAt', 'id'])
export class Stocktake {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `ST-<STORE CODE>-20270510-0001`: the store's series, on its date. */
  @Column({ type: 'text', unique: true })
  number!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text', default: 'counting' })
  status!: StocktakeStatusName;

  /** The product categories counted (as the catalog names them, any case); null: every product the store stocks. */
  @Column({ type: 'text', array: true, nullable: true })
  categories!: string[] | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Who opened it (`user` or `api_key`) and their id. */
  @Column({ type: 'text' })
  openedByType!: string;

  @Column({ type: 'uuid', nullable: true })
  openedById!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/**
 * One product in a stocktake's scope, fixed at opening. The result columns are written once, at
 * approval, so the report of an approved stocktake stays what was posted.
 */
@Entity('stocktake_line')
@Unique('uq_stocktake_line_product', ['stocktakeId', 'productId'])
@Check('ck_stocktake_line_units_per_piece', `"units_per_piece" > 0`)
@Check('ck_stocktake_line_counted', `"counted_units" IS NULL OR "counted_units" >= 0`)
export class StocktakeLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Stocktake, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  stocktakeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** Stock units in one piece (stock-units.ts), as the store's level counts them. */
  @Column({ type: 'bigint' })
  unitsPerPiece!: string;

  /** At approval: what the ledger held when the product was last counted (null: not counted). */
  @Column({ type: 'bigint', nullable: true })
  expectedUnits!: string | null;

  @Column({ type: 'bigint', nullable: true })
  countedUnits!: string | null;

  /** At approval: the cost of one piece the variance was valued at, and the value posted (signed). */
  @Column({ type: 'bigint', nullable: true })
  unitCostAmount!: string | null;

  @Column({ type: 'bigint', nullable: true })
  varianceValueAmount!: string | null;

  /** The `stocktake` movement posted at approval (null: no variance, or not counted). */
  @Column({ type: 'uuid', nullable: true })
  movementId!: string | null;
}

/**
 * One count entry: who counted how many of a product, when. Entries of a product add up (two people,
 * two shelves); a counter corrects their own by a new entry that `replaces` it, so entries are never
 * changed. `onHandUnits` is the ledger's on-hand at the moment of the entry: never shown to counters.
 */
@Entity('stocktake_count')
@Check('ck_stocktake_count_units', `"counted_units" >= 0`)
@Index('ix_stocktake_count_product', ['stocktakeId', 'productId', 'countedAt'])
export class StocktakeCount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Stocktake, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  stocktakeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** Stock units counted (pieces × units per piece, or the measure in thousandths). */
  @Column({ type: 'bigint' })
  countedUnits!: string;

  @Column({ type: 'bigint' })
  onHandUnits!: string;

  /** The barcode scanned, when the counter scanned one. */
  @Column({ type: 'text', nullable: true })
  barcode!: string | null;

  @Column({ type: 'text' })
  countedByType!: string;

  @Column({ type: 'uuid', nullable: true })
  countedById!: string | null;

  /** The entry this one corrects: at most one correction each. */
  @ForeignKey(() => StocktakeCount, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true, unique: true })
  replacesId!: string | null;

  /** The statement's own clock (clock_timestamp()), so entries of one transaction keep their order. */
  @Column({ type: 'timestamptz', precision: 6, default: () => 'clock_timestamp()' })
  countedAt!: Date;
}

/** Every move of a stocktake (common/state StateTransitions writes it). */
@Entity('stocktake_status_history')
@Index('ix_stocktake_status_history_stocktake', ['stocktakeId', 'at'])
export class StocktakeStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => Stocktake, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  stocktakeId!: string;
}
