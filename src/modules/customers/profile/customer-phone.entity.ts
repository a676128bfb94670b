import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Customer } from './customer.entity.js';

/**
 * Every phone number of every customer, each held by one customer only (the primary key): the
 * duplicate check and the phone search look here. The primary is also `customer.phone`, which a
 * trigger keeps in step (migration 1764001000000); the others are the customer's `otherPhones`.
 */
@Entity('customer_phone')
@Index('ix_customer_phone_customer', ['customerId'])
@Index('uq_customer_phone_primary', ['customerId'], { unique: true, where: '"is_primary"' })
@Index('ix_customer_phone_merged_from', ['mergedFromId'], { where: '"merged_from_id" IS NOT NULL' })
// right(number, 4) for the last-4 search: declared so the drift check knows it (the migration creates it).
@Index('ix_customer_phone_number_last4', { synchronize: false })
export class CustomerPhone {
  /** E.164. */
  @PrimaryColumn({ type: 'text' })
  number!: string;

  @ForeignKey(() => Customer, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  customerId!: string;

  /** What the customer calls it: `work`, `home`, `husband`. */
  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ type: 'boolean', default: false })
  isPrimary!: boolean;

  /** The duplicate record it came from, when a merge moved it here. */
  @Column({ type: 'uuid', nullable: true })
  mergedFromId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
