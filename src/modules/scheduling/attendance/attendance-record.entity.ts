import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import { Shift } from '../working-time/shift.entity.js';

export type ClockSource = 'self' | 'front_desk' | 'manager';

/**
 * One stretch at work (考勤): clocked in, and out (null while at work). Matched to the planned shift it
 * falls in, when there is one. A person is at work once at a time: two records of one staff member
 * never overlap, an open one counting until further notice (`ex_attendance_overlap`). Managers correct
 * the times; each correction is kept (`attendance_correction`).
 */
@Entity('attendance_record')
@Check('ck_attendance_order', `"clock_out_at" IS NULL OR "clock_out_at" > "clock_in_at"`)
@Check('ck_attendance_in_source', `"clock_in_source" IN ('self', 'front_desk', 'manager')`)
@Check('ck_attendance_out_source', `"clock_out_source" IS NULL OR "clock_out_source" IN ('self', 'front_desk', 'manager')`)
@Exclusion('ex_attendance_overlap', `USING gist ("staff_member_id" WITH =, tstzrange("clock_in_at", "clock_out_at") WITH &&)`)
@Index('ix_attendance_store_in', ['storeId', 'clockInAt'])
export class AttendanceRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => StaffMember, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  staffMemberId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  /** The planned shift this work belongs to; null: unplanned work. */
  @ForeignKey(() => Shift, { onDelete: 'RESTRICT' })
  @Index('ix_attendance_shift')
  @Column({ type: 'uuid', nullable: true })
  shiftId!: string | null;

  @Column({ type: 'timestamptz' })
  clockInAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  clockOutAt!: Date | null;

  @Column({ type: 'text' })
  clockInSource!: ClockSource;

  @Column({ type: 'text', nullable: true })
  clockOutSource!: ClockSource | null;

  /** The staff user who clocked them in (themselves, the front desk); null: an API key (a time clock). */
  @Column({ type: 'uuid', nullable: true })
  clockInBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  clockOutBy!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** A manager's correction of a record's times: what it was, what it became, who and why. Never changed. */
@Entity('attendance_correction')
@Index('ix_attendance_correction_record', ['attendanceRecordId', 'at'])
export class AttendanceCorrection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => AttendanceRecord, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  attendanceRecordId!: string;

  @Column({ type: 'uuid', nullable: true })
  correctedBy!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  /** `{ clockInAt, clockOutAt }` before and after. */
  @Column({ type: 'jsonb' })
  before!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  after!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
