import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffLevel } from './staff-level.entity.js';

/**
 * A person who serves customers. Many sign in (identity's staff user, `userId`); some do not (a
 * trainee, a visiting specialist). Deactivated, never deleted: shifts, attendance and appointments
 * keep pointing at them.
 */
@Entity('staff_member')
@Check('ck_staff_member_status', `"status" IN ('active', 'inactive')`)
@Check('ck_staff_member_color', `"calendar_color" ~ '^#[0-9A-Fa-f]{6}$'`)
@Index('ix_staff_member_created', ['createdAt', 'id'])
export class StaffMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Their sign-in, when they have one; one staff member per user. Cross-module reference by entity name. */
  @ForeignKey('StaffUser', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true, unique: true })
  userId!: string | null;

  /** Full name, as the business knows them. */
  @Column({ type: 'text' })
  name!: string;

  /** What customers see when they book (`Tony 老师`). */
  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  photoUrl!: string | null;

  @ForeignKey(() => StaffLevel, { onDelete: 'RESTRICT' })
  @Index('ix_staff_member_level')
  @Column({ type: 'uuid', nullable: true })
  levelId!: string | null;

  /** `#RRGGBB`, their column in the calendar. */
  @Column({ type: 'text', default: '#8E7CC3' })
  calendarColor!: string;

  /** Customers may pick them in the booking app (the desk can always book them). */
  @Column({ type: 'boolean', default: true })
  bookableOnline!: boolean;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'inactive';

  @Column({ type: 'date', nullable: true })
  hireDate!: string | null;

  /** SHA-256 (hex) of the secret in their iCalendar feed URL; null: no feed. Rotating replaces it. */
  @Column({ type: 'text', nullable: true, unique: true, select: false })
  calendarFeedTokenHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  calendarFeedRotatedAt!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
