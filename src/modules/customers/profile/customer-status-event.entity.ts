import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Customer } from './customer.entity.js';

/**
 * A block or an unblock, with the reason given: the customer's status history, shown on the
 * timeline. The reason is free text about the person, so it lives here (anonymization erases it),
 * not in the audit log, which links to this row.
 */
@Entity('customer_status_event')
@Index('ix_customer_status_event_customer', ['customerId', 'createdAt', 'id'])
export class CustomerStatusEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Customer, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  customerId!: string;

  /** The status it went to: `blocked` or `active`. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  actorType!: 'user' | 'api_key' | 'system';

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  actorName!: string | null;

  /** The duplicate record it was recorded on, when a merge moved it here. */
  @Column({ type: 'uuid', nullable: true })
  mergedFromId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
