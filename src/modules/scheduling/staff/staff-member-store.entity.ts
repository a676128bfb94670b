import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StaffMember } from './staff-member.entity.js';

/** A store a staff member works at: shifts, templates and attendance are only ever at these stores. */
@Entity('staff_member_store')
export class StaffMemberStore {
  @ForeignKey(() => StaffMember, { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  staffMemberId!: string;

  /** Cross-module reference by entity name: scheduling reads stores through their service. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_staff_member_store_store')
  @PrimaryColumn('uuid')
  storeId!: string;
}
