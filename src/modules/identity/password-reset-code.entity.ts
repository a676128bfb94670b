import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity.js';

/**
 * The one live password-reset code of a staff user (a new request replaces it). Only its HMAC is
 * stored; it works once (`used_at`), until `expires_at`, and not after MAX_RESET_CODE_TRIES tries.
 */
@Entity('password_reset_code')
@Check('ck_password_reset_code_attempts', `"attempts" >= 0`)
export class PasswordResetCode {
  @ForeignKey(() => StaffUser, { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  userId!: string;

  /** HMAC-SHA256 of the code under the server's secret: a copy of the table alone does not give codes away. */
  @Column({ type: 'text' })
  codeHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Confirmations tried with this code, right or wrong. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;
}
