import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Customer } from './customer.entity.js';

/** A note a staff member wrote about a customer; shown on the timeline. Never edited. */
@Entity('customer_note')
@Index('ix_customer_note_customer', ['customerId', 'createdAt', 'id'])
export class CustomerNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Customer, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  customerId!: string;

  /** Staff user or API key that wrote it (null: the system). */
  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'text', nullable: true })
  authorName!: string | null;

  /** `user` or `api_key`; null on notes written before it was recorded. */
  @Column({ type: 'text', nullable: true })
  authorType!: 'user' | 'api_key' | 'system' | null;

  /** The duplicate record it was written on, when a merge moved it here. */
  @Column({ type: 'uuid', nullable: true })
  mergedFromId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
