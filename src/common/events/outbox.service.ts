import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import type { JsonObject } from './json.js';
import { OutboxQueue } from './outbox-queue.js';
import { OutboxTransports } from './outbox-transport.js';

export interface OutboxEnqueue {
  /** The transport that delivers it: `sms`, `email`, `webhook`… */
  channel: string;
  /** Where or what, in the channel's terms (template, event type, address). */
  topic: string;
  payload: JsonObject;
  /** A second enqueue with the same key on the same channel is a no-op returning the first message's id. */
  dedupeKey?: string;
}

/** How long the first delivery job's add may take after commit before the relay is left to do it. */
const START_DELIVERY_TIMEOUT_MS = 1000;

/**
 * Writes messages to the outside world into the outbox, in the caller's transaction: the message
 * exists if and only if the business change committed. Delivery starts after commit (a job on the
 * `outbox` queue, added without holding the request); the relay catches what a lost job missed.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OutboxQueue) private readonly queue: OutboxQueue,
    @Inject(OutboxTransports) private readonly transports: OutboxTransports,
  ) {}

  async enqueue(message: OutboxEnqueue): Promise<string> {
    if (!message.channel || !message.topic) throw new Error('An outbox message needs a channel and a topic');
    // A message sent for a change that then rolls back (or committed without it) is the bug the outbox exists to prevent.
    this.db.requireTransaction('outbox');
    const inserted = await this.db.rows<{ id: string }>(
      `INSERT INTO outbox_message (channel, topic, payload, dedupe_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel, dedupe_key) DO NOTHING RETURNING id`,
      [message.channel, message.topic, JSON.stringify(message.payload), message.dedupeKey ?? null],
    );
    if (inserted.length === 0) {
      const [existing] = await this.db.rows<{ id: string }>('SELECT id FROM outbox_message WHERE channel = $1 AND dedupe_key = $2', [message.channel, message.dedupeKey]);
      return existing.id;
    }
    const { id } = inserted[0];
    this.startAfterCommit(id, message.channel);
    return id;
  }

  /**
   * Starts the delivery of a message the caller wrote itself, in its own statement (a hot path that
   * writes its row and the outbox row at once: notifications): after commit, as `enqueue()` does.
   */
  startAfterCommit(id: string, channel: string): void {
    this.db.requireTransaction('outbox');
    this.db.afterCommit(() => this.startDelivery(id, channel));
  }

  private startDelivery(id: string, channel: string): void {
    if (!this.transports.get(channel)) return this.transports.warnMissing(channel);
    // Not awaited: the request need not wait for Redis. Bounded, and skipped at once while Redis is
    // down, so adds do not pile up in memory during an outage; the relay enqueues what is missing.
    void this.queue.add([{ data: { id, attempt: 1 } }], START_DELIVERY_TIMEOUT_MS).catch((error: unknown) => {
      this.logger.warn({ err: error, outboxMessageId: id }, 'could not enqueue outbox delivery; the relay will pick it up');
    });
  }
}
