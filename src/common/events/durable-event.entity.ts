import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { JsonObject } from './json.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A durable domain event, written in the publisher's transaction (see DurableEvents). */
@Entity('event')
@Index('ix_event_occurred', ['occurredAt'])
export class DurableEventRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** A key of DurableEventMap: `customer.merged`. */
  @Column({ type: 'text' })
  name!: string;

  /** Ids and plain values only. */
  @Column({ type: 'jsonb' })
  payload!: JsonObject;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;
}

/**
 * One subscriber's delivery of one event: `pending` (its job is due at `next_attempt_at`) →
 * `delivered`, or `dead` after EVENT_MAX_ATTEMPTS failed attempts (an owner may retry it).
 */
@Entity('event_delivery')
@Unique('uq_event_delivery_event_subscriber', ['eventId', 'subscriber'])
@Check('ck_event_delivery_status', `"status" IN ('pending', 'delivered', 'dead')`)
@Index('ix_event_delivery_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('ix_event_delivery_created', ['createdAt', 'id'])
export class EventDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => DurableEventRow, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  eventId!: string;

  /** The subscriber's stable name (`orders.move-customer-refs`), not its class: renaming a class loses nothing. */
  @Column({ type: 'text' })
  subscriber!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  /** Attempts that failed or succeeded so far (reset to 0 when an owner retries a dead delivery). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the next attempt is due; null once delivered or dead. */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  nextAttemptAt!: Date | null;

  /** The last failure's error code (`QueryFailedError`, a DomainError code…) and message: never payloads or personal data. */
  @Column({ type: 'text', nullable: true })
  lastErrorCode!: string | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}

/** The events each subscriber has applied, written in the same transaction as its effect: a redelivery finds its row and changes nothing. */
@Entity('event_inbox')
// Deleting an event (retention) cascades here by event id alone.
@Index('ix_event_inbox_event', ['eventId'])
export class EventInbox {
  @PrimaryColumn({ type: 'text' })
  subscriber!: string;

  @ForeignKey(() => DurableEventRow, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  eventId!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  handledAt!: Date;
}
