import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import type { TemplateWeek } from './template-week.js';

/**
 * A staff member's weekly pattern at one store (Mon–Fri 10:00–19:00 at store A), valid between two
 * dates (`validTo` null: until further notice). Templates are expanded into `shift` rows ahead of time
 * (the planning horizon), so every planned hour is a row the overlap constraint sees. One template per
 * staff member and store at a time: a new one from next month ends the current one the day before.
 */
@Entity('shift_template')
@Check('ck_shift_template_validity', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
@Exclusion('ex_shift_template_validity', `USING gist ("staff_member_id" WITH =, "store_id" WITH =, daterange("valid_from", "valid_to", '[]') WITH &&)`)
@Index('ix_shift_template_store', ['storeId'])
export class ShiftTemplate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => StaffMember, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  staffMemberId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  /** First local date it applies. */
  @Column({ type: 'date' })
  validFrom!: string;

  /** Last local date it applies (inclusive); null: open-ended. */
  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  /** Weekday → { start, end, breaks } in the store's local time. */
  @Column({ type: 'jsonb' })
  week!: TemplateWeek;

  /** Work the store's closed weekdays too (a manager said so). */
  @Column({ type: 'boolean', default: false })
  allowClosedDays!: boolean;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
