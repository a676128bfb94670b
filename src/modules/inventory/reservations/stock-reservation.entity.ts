import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StockMovement } from '../stock/stock-movement.entity.js';

export const RESERVATION_STATUSES = ['active', 'released', 'committed'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Stock held for an order line: counted in its level's `reserved` while active, then released (the
 * order was cancelled, or the reservation outlived it) or committed (turned into the sale movement).
 */
@Entity('stock_reservation')
@Check('ck_stock_reservation_units', `"units" > 0`)
@Check('ck_stock_reservation_status', `"status" IN ('active', 'released', 'committed')`)
@Check('ck_stock_reservation_committed', `("status" = 'committed') = ("movement_id" IS NOT NULL)`)
@Index('ix_stock_reservation_reference', ['reference'])
@Index('ix_stock_reservation_expiry', ['expiresAt'], { where: `"status" = 'active'` })
export class StockReservation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  @Column({ type: 'bigint' })
  units!: string;

  /** Whose: the order (`order:<id>`), so it is released or committed as a whole. */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text', default: 'active' })
  status!: ReservationStatus;

  /** An active reservation past this is released by the sweep (its order died without saying). */
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  /** The sale it became. */
  @ForeignKey(() => StockMovement, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true, unique: true })
  movementId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt!: Date | null;
}
