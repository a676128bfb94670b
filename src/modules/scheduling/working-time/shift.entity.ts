import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import { ShiftTemplate } from './shift-template.entity.js';

export type ShiftSource = 'template' | 'manual';
export type ShiftStatus = 'scheduled' | 'cancelled';

/**
 * One planned stretch of work of one staff member at one store: made by expanding a template (source
 * `template`) or entered for a date (source `manual`: an extra shift, a shorter day). The database
 * forbids one person in two places: scheduled shifts of a staff member never overlap, across stores
 * (`ex_shift_staff_overlap`). Breaks lie inside the shift (`ck_shift_breaks`). A cancelled shift stays
 * (history, and it keeps its template's date taken so the template does not plan that day again).
 */
@Entity('shift')
@Check('ck_shift_status', `"status" IN ('scheduled', 'cancelled')`)
@Check('ck_shift_source', `"source" IN ('template', 'manual')`)
@Check('ck_shift_during', `NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")`)
@Check('ck_shift_length', `upper("during") - lower("during") <= interval '16 hours'`)
@Check('ck_shift_breaks', `"breaks" <@ "during"`)
@Check('ck_shift_template_source', `("source" = 'template') = ("template_id" IS NOT NULL)`)
@Exclusion('ex_shift_staff_overlap', `USING gist ("staff_member_id" WITH =, "during" WITH &&) WHERE ("status" = 'scheduled')`)
@Index('uq_shift_template_date', ['templateId', 'date'], { unique: true, where: `"template_id" IS NOT NULL` })
// Every shift of one person in a window, cancelled ones included (their calendar feed, their history).
@Index('ix_shift_staff_during', ['staffMemberId', 'during'], { spatial: true })
@Index('ix_shift_store_during', ['storeId', 'during'], { spatial: true, where: `"status" = 'scheduled'` })
export class Shift {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => StaffMember, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  staffMemberId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  /** The local date (store's time zone) the shift starts on. */
  @Column({ type: 'date' })
  date!: string;

  /** `[start, end)`, at most 16 h. */
  @Column({ type: 'tstzrange' })
  during!: string;

  /** Breaks inside the shift (lunch 12:30–13:15): not working time. */
  @Column({ type: 'tstzmultirange', default: () => `'{}'` })
  breaks!: string;

  @Column({ type: 'text' })
  source!: ShiftSource;

  /** The template that planned it (source `template`). */
  @ForeignKey(() => ShiftTemplate, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  templateId!: string | null;

  /** A planned shift someone changed: re-planning its template leaves it alone. */
  @Column({ type: 'boolean', default: false })
  edited!: boolean;

  @Column({ type: 'text', default: 'scheduled' })
  status!: ShiftStatus;

  /** Scheduled on a day the store is closed, on purpose (a stocktake on a Sunday). */
  @Column({ type: 'boolean', default: false })
  onClosedDay!: boolean;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
