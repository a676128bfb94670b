import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { StaffRole } from '../../common/http/request-context.js';

export const STAFF_LOCALES = ['zh-CN', 'en'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

/** A person who signs in: owner, manager, receptionist or beautician. */
@Entity('staff_user')
@Check('ck_staff_user_role', `"role" IN ('owner', 'manager', 'receptionist', 'beautician')`)
@Check('ck_staff_user_status', `"status" IN ('active', 'disabled')`)
@Check('ck_staff_user_locale', `"locale" IN ('zh-CN', 'en')`)
@Check('ck_staff_user_login', `"email" IS NOT NULL OR "phone" IS NOT NULL`)
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Sign-in by e-mail or phone; at least one is set (CHECK in the migration). */
  @Column({ type: 'citext', unique: true, nullable: true })
  email!: string | null;

  /** E.164 (`+8613812345678`). */
  @Column({ type: 'text', unique: true, nullable: true })
  phone!: string | null;

  @Column({ type: 'text' })
  role!: StaffRole;

  /** argon2id. */
  @Column({ type: 'text', select: false })
  passwordHash!: string;

  /** The language of the messages Bloom sends them (e-mail, SMS, in-app). */
  @Column({ type: 'text', default: 'zh-CN' })
  locale!: StaffLocale;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'disabled';

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
