import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { WebhookEndpoint } from '../endpoints/webhook-endpoint.entity.js';

export const MESSAGE_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * One event for one endpoint. Its body is fixed when it is written, so every attempt (retries,
 * manual retries, replays) sends the same bytes under the same `webhook-id`. `pending` until an
 * attempt answers 2xx (`delivered`) or the retry schedule is spent (`failed`).
 */
@Entity('webhook_message')
@Unique('uq_webhook_message_event', ['endpointId', 'eventId', 'type'])
@Check('ck_webhook_message_status', `"status" IN ('pending', 'delivered', 'failed')`)
@Index('ix_webhook_message_endpoint_created', ['endpointId', 'createdAt', 'id'])
@Index('ix_webhook_message_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('ix_webhook_message_finished', ['finishedAt'], { where: `"status" IN ('delivered', 'failed')` })
export class WebhookMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  endpointId!: string;

  /** The durable event it came from; null for test events. Not a foreign key: events are purged sooner than messages. */
  @Column({ type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  /** The exact JSON text signed and sent (text, not jsonb: jsonb would reorder it). */
  @Column({ type: 'text' })
  body!: string;

  /** When the event occurred (the payload's `timestamp`). */
  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'text', default: 'pending' })
  status!: MessageStatus;

  /** Attempts ever made (each has a webhook_attempt row); never goes back, so job ids stay unique. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** `attempts` when the current cycle began (a manual retry or replay starts a new cycle of the schedule). */
  @Column({ type: 'int', default: 0 })
  cycleStart!: number;

  /** When the next attempt is due (or, while one runs, when its lease ends); null once finished. */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  nextAttemptAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  /** When it was delivered or failed (retention counts from here). */
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** One HTTP attempt of a message: what the endpoint answered, how fast, or why it could not be reached. */
@Entity('webhook_attempt')
@Index('ix_webhook_attempt_message', ['messageId', 'attempt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => WebhookMessage, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  messageId!: string;

  /** 1 for the message's first attempt, counting across retries and replays. */
  @Column({ type: 'int' })
  attempt!: number;

  @Column({ type: 'timestamptz', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'int' })
  durationMs!: number;

  @Column({ type: 'int', nullable: true })
  statusCode!: number | null;

  /** The start of the response body, at most 2 KB. */
  @Column({ type: 'text', nullable: true })
  responseExcerpt!: string | null;

  /** Why no 2xx came: refused address, timeout, connection error, redirect, status. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'boolean' })
  succeeded!: boolean;
}
