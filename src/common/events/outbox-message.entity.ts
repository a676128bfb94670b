import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { JsonObject } from './json.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A message to the outside world (SMS, e-mail, webhook), written in the business transaction that
 * causes it and delivered afterwards by the `outbox` queue through the transport of its channel.
 * `pending` → `sending` (claimed, `next_attempt_at` is the claim's lease) → `sent`; a failed attempt
 * goes to `failed` with the next attempt's time, and to `dead` after OUTBOX_MAX_ATTEMPTS.
 */
@Entity('outbox_message')
@Unique('uq_outbox_message_channel_dedupe_key', ['channel', 'dedupeKey'])
@Check('ck_outbox_message_status', `"status" IN ('pending', 'sending', 'sent', 'failed', 'dead')`)
@Index('ix_outbox_message_due', ['nextAttemptAt'], { where: `"status" IN ('pending', 'sending', 'failed')` })
@Index('ix_outbox_message_created', ['createdAt', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Which transport delivers it: `sms`, `email`, `webhook`… */
  @Column({ type: 'text' })
  channel!: string;

  /** Where or what, in the channel's terms: a template name, a webhook event type, an address. */
  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'jsonb' })
  payload!: JsonObject;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxStatus;

  /** Delivery attempts started so far. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the next attempt is due (pending, failed) or the current claim expires (sending); null once sent or dead. */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  nextAttemptAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** Enqueueing twice with one key (per channel) yields one message. */
  @Column({ type: 'text', nullable: true })
  dedupeKey!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
