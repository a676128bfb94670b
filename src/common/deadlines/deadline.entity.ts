import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeadlineStatus = 'pending' | 'fired' | 'cancelled';

/**
 * A promise with a clock (DESIGN §5): "confirm order X by 14:00". PostgreSQL is the source of truth;
 * the Bull job only wakes a worker up at due time. A row moves pending → fired (its handler ran) or
 * pending → cancelled (the step was completed, or the deadline moved: moving writes a new row).
 */
@Entity('deadline')
@Check('ck_deadline_status', `"status" IN ('pending', 'fired', 'cancelled')`)
@Check('ck_deadline_fired_at', `("status" = 'fired') = ("fired_at" IS NOT NULL)`)
@Check('ck_deadline_cancelled_at', `("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)`)
// At most one pending deadline per kind and subject: scheduling again moves it.
@Index('uq_deadline_pending_kind_subject', ['kind', 'subjectId'], { unique: true, where: `"status" = 'pending'` })
// The sweeper walks pending rows in due order (keyset on due_at, id).
@Index('ix_deadline_pending_due', ['dueAt', 'id'], { where: `"status" = 'pending'` })
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** A declared kind, `order.confirm` (see defineDeadlineKind). */
  @Column({ type: 'text' })
  kind!: string;

  /** What the promise is about (usually a uuid: the order, the appointment). */
  @Column({ type: 'text' })
  subjectId!: string;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'text', default: 'pending' })
  status!: DeadlineStatus;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  /** Handler runs so far, failed ones included. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Why the last failed run failed (the row stays pending and is retried). */
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;
}
