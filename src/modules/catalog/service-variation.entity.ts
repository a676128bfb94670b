import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CatalogStatus } from './catalog-rules.js';
import { Service } from './service.entity.js';

/**
 * One priced way of doing a service ("Colour — long hair"). Null time blocks inherit the service's;
 * an unset active block is what the others leave of the duration. Archived, never deleted: orders
 * and appointments keep pointing at it.
 */
@Entity('service_variation')
@Check('ck_service_variation_status', `"status" IN ('active', 'archived')`)
@Check('ck_service_variation_price', `"price_amount" >= 0`)
@Check('ck_service_variation_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Check(
  'ck_service_variation_minutes',
  `"duration_minutes" > 0 AND coalesce("active_minutes", 1) > 0 AND coalesce("processing_minutes", 0) >= 0 AND coalesce("finishing_minutes", 0) >= 0 AND coalesce("buffer_minutes", 0) >= 0`,
)
@Index('ix_service_variation_service', ['serviceId', 'sortOrder'])
export class ServiceVariation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Service, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  serviceId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Minor units of `currency`. */
  @Column({ type: 'bigint' })
  priceAmount!: string;

  @Column({ type: 'char', length: 3, default: 'CNY' })
  currency!: string;

  /** Active + processing + finishing; the buffer comes after. */
  @Column({ type: 'int' })
  durationMinutes!: number;

  @Column({ type: 'int', nullable: true })
  activeMinutes!: number | null;

  @Column({ type: 'int', nullable: true })
  processingMinutes!: number | null;

  @Column({ type: 'int', nullable: true })
  finishingMinutes!: number | null;

  @Column({ type: 'int', nullable: true })
  bufferMinutes!: number | null;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Column({ type: 'text', default: 'active' })
  status!: CatalogStatus;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
