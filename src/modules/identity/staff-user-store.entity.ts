import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity.js';

/** The stores a non-owner staff member works at (owners see every store). */
@Entity('staff_user_store')
export class StaffUserStore {
  @ForeignKey(() => StaffUser, { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  userId!: string;

  /** Cross-module reference by entity name: identity does not import the stores module's entity. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_staff_user_store_store')
  @PrimaryColumn('uuid')
  storeId!: string;
}
