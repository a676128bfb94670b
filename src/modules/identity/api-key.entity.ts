import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity.js';

/**
 * A partner's or script's credential. The secret is shown once at creation; only its SHA-256
 * hash is stored (the secret is long and random, so a slow hash adds nothing).
 */
@Entity('api_key')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The first characters of the key, shown in lists so people can tell keys apart. */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text', unique: true, select: false })
  keyHash!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @ForeignKey(() => StaffUser, { onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
