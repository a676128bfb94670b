import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { PublishableKey } from './publishable-key.entity.js';

/**
 * A customer signed in through a customers' app. The token (`cs_…`) is random and stored only as its
 * SHA-256; it is looked up on every request (one indexed read), so signing out, revoking the key or
 * expiry take effect at once. It is no JWT: staff routes cannot mistake it for a staff token.
 */
@Entity('customer_session')
@Index('ix_customer_session_customer', ['customerId'])
export class CustomerSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Cross-module reference by entity name: identity does not import the customers module. */
  @ForeignKey('Customer', { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  customerId!: string;

  /** The key of the app the customer signed in through: its store limit and channel apply. */
  @ForeignKey(() => PublishableKey, { onDelete: 'CASCADE' })
  @Index('ix_customer_session_key')
  @Column({ type: 'uuid' })
  publishableKeyId!: string;

  @Column({ type: 'text', unique: true })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Signed out. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
