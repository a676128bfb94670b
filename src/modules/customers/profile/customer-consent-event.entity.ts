import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Customer, type ConsentChannel } from './customer.entity.js';

/** One grant or withdrawal of a marketing consent: the evidence PIPL/GDPR ask for. Append-only. */
@Entity('customer_consent_event')
@Check('ck_customer_consent_event_channel', `"channel" IN ('sms', 'email', 'wechat')`)
@Index('ix_customer_consent_event_customer', ['customerId', 'createdAt', 'id'])
export class CustomerConsentEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Customer, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  channel!: ConsentChannel;

  @Column({ type: 'boolean' })
  granted!: boolean;

  /** How it was given or withdrawn (`in_store_form`, `online_checkbox`, `verbal`, `sms_reply`, `import`, `api`). */
  @Column({ type: 'text' })
  method!: string;

  /** When the customer gave or withdrew it (may precede the record, e.g. a paper form). */
  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** `user`, `api_key` or `system`; null on events recorded before it was. */
  @Column({ type: 'text', nullable: true })
  actorType!: 'user' | 'api_key' | 'system' | null;

  @Column({ type: 'text', nullable: true })
  actorName!: string | null;

  /** The duplicate record it was recorded on, when a merge moved it here. */
  @Column({ type: 'uuid', nullable: true })
  mergedFromId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
