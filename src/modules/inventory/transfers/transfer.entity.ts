import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { StatusHistoryColumns } from '../../../common/state/index.js';

export const TRANSFER_STATUSES = ['requested', 'approved', 'shipped', 'received', 'cancelled'] as const;
export type TransferStatusName = (typeof TRANSFER_STATUSES)[number];

/**
 * Goods sent from one store to another (issue 14): requested, approved by a manager of the source
 * store, shipped (stock leaves the source and is in transit), received (stock arrives at the
 * destination; what did not arrive is recorded per line). Cancelled only before shipping.
 */
@Entity('transfer')
@Check('ck_transfer_status', `"status" IN ('requested', 'approved', 'shipped', 'received', 'cancelled')`)
@Check('ck_transfer_stores', `"from_store_id" <> "to_store_id"`)
@Index('ix_transfer_from_store', ['fromStoreId', 'createdAt'])
@Index('ix_transfer_to_store', ['toStoreId', 'createdAt'])
@Index('ix_transfer_created', ['createdAt', 'id'])
export class Transfer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `TR-20270510-0001`: the business's series, on the source store's date. */
  @Column({ type: 'text', unique: true })
  number!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  fromStoreId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  toStoreId!: string;

  @Column({ type: 'text', default: 'requested' })
  status!: TransferStatusName;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Who asked (`user` or `api_key`) and their id. */
  @Column({ type: 'text' })
  requestedByType!: string;

  @Column({ type: 'uuid', nullable: true })
  requestedById!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  shippedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  receivedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** One product of a transfer, in whole pieces: asked for, shipped, received, and why what arrived differs. */
@Entity('transfer_line')
@Unique('uq_transfer_line_number', ['transferId', 'lineNumber'])
@Check('ck_transfer_line_quantity', `"quantity" > 0`)
@Check('ck_transfer_line_shipped', `"shipped_quantity" IS NULL OR "shipped_quantity" >= 0`)
@Check('ck_transfer_line_received', `"received_quantity" IS NULL OR ("shipped_quantity" IS NOT NULL AND "received_quantity" >= 0 AND "received_quantity" <= "shipped_quantity")`)
@Check('ck_transfer_line_difference', `"received_quantity" IS NULL OR "received_quantity" = "shipped_quantity" OR "difference_reason" IS NOT NULL`)
export class TransferLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Transfer, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  transferId!: string;

  /** 1, 2, 3… in the order asked. */
  @Column({ type: 'int' })
  lineNumber!: number;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  /** Whole pieces asked for. */
  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'int', nullable: true })
  shippedQuantity!: number | null;

  @Column({ type: 'int', nullable: true })
  receivedQuantity!: number | null;

  /** Why fewer arrived than were shipped (short, damaged): required when they differ. */
  @Column({ type: 'text', nullable: true })
  differenceReason!: string | null;
}

/** Every move of a transfer (common/state StateTransitions writes it). */
@Entity('transfer_status_history')
@Index('ix_transfer_status_history_transfer', ['transferId', 'at'])
export class TransferStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => Transfer, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  transferId!: string;
}
