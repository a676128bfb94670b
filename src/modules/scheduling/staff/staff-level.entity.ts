import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A grade of staff (助理 assistant, 技师 technician, 高级技师 senior, 总监 director), configurable per
 * business. `rank` orders them (higher is more senior); catalog prices a variation per level.
 * Archived, never deleted: staff and prices keep pointing at it.
 */
@Entity('staff_level')
@Check('ck_staff_level_status', `"status" IN ('active', 'archived')`)
@Check('ck_staff_level_code', `"code" ~ '^[a-z][a-z0-9_]{0,31}$'`)
@Check('ck_staff_level_rank', `"rank" BETWEEN 0 AND 1000`)
export class StaffLevel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable key for scripts (`senior`), unique regardless of case. */
  @Column({ type: 'citext', unique: true })
  code!: string;

  /** What people call it (`高级技师`). */
  @Column({ type: 'text' })
  name!: string;

  /** Higher is more senior; unique, so levels sort one way. */
  @Column({ type: 'int', unique: true })
  rank!: number;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'archived';

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
