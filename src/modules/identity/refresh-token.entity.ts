import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity.js';

/**
 * One refresh token of a sign-in session (a family). Each refresh uses the token and issues a new
 * one in the same family; presenting a used token again means it leaked, so the family is revoked.
 * Only a SHA-256 hash of the token is stored.
 */
@Entity('refresh_token')
@Index('ix_refresh_token_family', ['familyId'])
@Index('ix_refresh_token_user', ['userId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  familyId!: string;

  @ForeignKey(() => StaffUser, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text', unique: true })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set when the token was exchanged for a new one. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /** Set on logout, reuse detection or when the user is disabled. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
