import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CatalogStatus } from './catalog-rules.js';

/**
 * A group of services on menus and reports (hair cut and styling, colouring, nails…). The usual ones
 * are seeded by the migration; the business edits, adds and archives them. Never deleted.
 */
@Entity('service_category')
@Check('ck_service_category_status', `"status" IN ('active', 'archived')`)
@Check('ck_service_category_code', `"code" ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`)
@Index('ix_service_category_order', ['sortOrder', 'id'])
export class ServiceCategory {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable key for integrations (`hair_colour`), unique regardless of case. */
  @Column({ type: 'citext', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Menus list categories by this, then by id. */
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
