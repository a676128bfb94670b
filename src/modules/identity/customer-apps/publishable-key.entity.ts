import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AppChannel } from '../../../common/http/request-context.js';
import { StaffUser } from '../staff-user.entity.js';

/**
 * The key a customers' app (a booking page, a mini-program) ships with. Not a secret, so it is stored
 * as it is (owners copy it again from the list) and grants only what is safe to anyone: the bookable
 * menu, staff shown online and availability, and signing customers in. Limited to one store, or the
 * whole business (`store_id` null). Revoked, never deleted: sessions opened through it end with it.
 */
@Entity('publishable_key')
@Check('ck_publishable_key_channel', `"channel" IN ('online', 'app', 'mini_program')`)
@Index('ix_publishable_key_created', ['createdAt', 'id'])
export class PublishableKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** `pk_…`, sent as X-Publishable-Key. */
  @Column({ type: 'text', unique: true })
  key!: string;

  /** What appointments booked through the key's app are recorded as. */
  @Column({ type: 'text' })
  channel!: AppChannel;

  /** Cross-module reference by entity name: identity does not import the stores module's entity. Null: every store. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_publishable_key_store')
  @Column({ type: 'uuid', nullable: true })
  storeId!: string | null;

  @ForeignKey(() => StaffUser, { onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
