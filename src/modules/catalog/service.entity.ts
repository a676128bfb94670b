import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CatalogStatus } from './catalog-rules.js';
import { ServiceCategory } from './service-category.entity.js';

/**
 * Something the salon does for a client, sold in one or more variations (each with its own price
 * and duration). The time-block columns are the defaults of its variations: processing (the
 * beautician is free, the chair is not), finishing, and a clean-up buffer after the end. Archived,
 * never deleted.
 */
@Entity('service')
@Check('ck_service_status', `"status" IN ('active', 'archived')`)
@Check('ck_service_minutes', `"processing_minutes" >= 0 AND "finishing_minutes" >= 0 AND "buffer_minutes" >= 0`)
@Index('ix_service_created', ['createdAt', 'id'])
@Index('ix_service_category', ['categoryId'])
export class Service {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => ServiceCategory, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  categoryId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Who it suits, in words (`dry or sensitive skin`). */
  @Column({ type: 'text', nullable: true })
  targetAudience!: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  audienceTags!: string[];

  @Column({ type: 'boolean', default: true })
  bookableOnline!: boolean;

  /** The skill a beautician needs to perform it (`hair_colour`); scheduling matches staff on it. */
  @Column({ type: 'text' })
  skill!: string;

  /** What it occupies: `chair`, `room`, `bed`, or a kind of equipment (`laser`); null when nothing. */
  @Column({ type: 'text', nullable: true })
  resourceType!: string | null;

  @Column({ type: 'int', default: 0 })
  processingMinutes!: number;

  @Column({ type: 'int', default: 0 })
  finishingMinutes!: number;

  @Column({ type: 'int', default: 0 })
  bufferMinutes!: number;

  @Column({ type: 'text', default: 'active' })
  status!: CatalogStatus;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
