import { StatusHistoryColumns } from '../../../common/state/index.js';
import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';

export const TIME_OFF_TYPES = ['annual', 'sick', 'training', 'other'] as const;
export type TimeOffType = (typeof TIME_OFF_TYPES)[number];

/**
 * Time a staff member is away (请假): requested by them or entered by a manager, approved or refused by
 * a manager (time-off-state.ts). Approved time off removes working time in every store. Two live
 * requests (requested or approved) of one person never overlap (`ex_time_off_overlap`).
 */
@Entity('time_off')
@Check('ck_time_off_type', `"type" IN ('annual', 'sick', 'training', 'other')`)
@Check('ck_time_off_status', `"status" IN ('requested', 'approved', 'refused', 'cancelled')`)
@Check('ck_time_off_during', `NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")`)
@Exclusion('ex_time_off_overlap', `USING gist ("staff_member_id" WITH =, "during" WITH &&) WHERE ("status" IN ('requested', 'approved'))`)
@Index('ix_time_off_created', ['createdAt', 'id'])
// One person's time off in a window, whatever its status (their calendar feed and history).
@Index('ix_time_off_staff_during', ['staffMemberId', 'during'], { spatial: true })
export class TimeOff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => StaffMember, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  staffMemberId!: string;

  /** `[start, end)`. Whole days are stored as local midnight to midnight (`allDay`). */
  @Column({ type: 'tstzrange' })
  during!: string;

  /** Entered as whole days (`startDate`–`endDate`, inclusive, in the time zone `timeZone`). */
  @Column({ type: 'boolean', default: false })
  allDay!: boolean;

  /** The IANA zone whole days were counted in (their first store's); null for timed absences. */
  @Column({ type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ type: 'text' })
  type!: TimeOffType;

  @Column({ type: 'text', default: 'requested' })
  status!: 'requested' | 'approved' | 'refused' | 'cancelled';

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The staff user who asked or entered it (null: an API key). */
  @ForeignKey('StaffUser', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ForeignKey('StaffUser', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** What the manager said when approving or refusing. */
  @Column({ type: 'text', nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** Every move of a time-off request (common/state StateTransitions writes it). */
@Entity('time_off_status_history')
@Index('ix_time_off_status_history_time_off', ['timeOffId', 'at'])
export class TimeOffStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => TimeOff, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  timeOffId!: string;
}
