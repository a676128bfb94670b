import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { Db } from '../database/db.service.js';
import { backoffDelay } from './backoff.js';
import type { JsonObject } from './json.js';
import { OutboxTransports } from './outbox-transport.js';

interface ClaimedRow {
  id: string;
  channel: string;
  topic: string;
  payload: JsonObject;
  attempts: number;
  created_at: Date;
}

/** Extra time a claim outlives the send timeout, so a slow but finished attempt is not taken over. */
const LEASE_MARGIN_MS = 15_000;
/** A job may fire a little before the due time it was scheduled for (clocks, timer rounding). */
const EARLY_TOLERANCE = "interval '1 second'";
const MAX_ERROR_LENGTH = 2000;

/** The next attempt of a message whose attempt failed, for the queue to schedule. */
export interface OutboxRetry {
  id: string;
  attempt: number;
  delayMs: number;
}

/**
 * One delivery attempt of one outbox message. The message is claimed with a conditional update
 * (never two attempts at once, whatever Bull does); success marks it sent; failure schedules the
 * next attempt with exponential backoff, or marks it dead after OUTBOX_MAX_ATTEMPTS.
 */
@Injectable()
export class OutboxDeliverer {
  private readonly logger = new Logger('Outbox');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OutboxTransports) private readonly transports: OutboxTransports,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {}

  /** Answers the retry to schedule when the attempt failed and the message is not dead. */
  async deliver(id: string): Promise<OutboxRetry | undefined> {
    const message = await this.claim(id);
    if (!message) return undefined; // sent, dead, not due, taken by another worker, or no transport here
    const transport = this.transports.get(message.channel)!;
    try {
      await withTimeout(
        transport.send({ id, channel: message.channel, topic: message.topic, payload: message.payload, attempt: message.attempts, createdAt: message.created_at }),
        this.config.OUTBOX_SEND_TIMEOUT,
      );
    } catch (error) {
      return this.failed(message, error);
    }
    const marked = await this.db.rows(
      `UPDATE outbox_message SET status = 'sent', sent_at = now(), next_attempt_at = NULL
        WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [id, message.attempts],
    );
    if (marked.length === 0) this.logger.warn({ outboxMessageId: id }, 'outbox message sent after its claim expired; it may be delivered twice');
    return undefined;
  }

  private async claim(id: string): Promise<ClaimedRow | undefined> {
    const lease = this.config.OUTBOX_SEND_TIMEOUT + LEASE_MARGIN_MS;
    const rows = await this.db.rows<ClaimedRow>(
      `UPDATE outbox_message
          SET status = 'sending', attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND channel = ANY($3::text[])
          AND ((status IN ('pending', 'failed') AND next_attempt_at <= now() + ${EARLY_TOLERANCE})
            OR (status = 'sending' AND next_attempt_at <= now()))
      RETURNING id, channel, topic, payload, attempts, created_at`,
      [id, lease, this.transports.channels()],
    );
    return rows[0];
  }

  private async failed(message: ClaimedRow, error: unknown): Promise<OutboxRetry | undefined> {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const dead = message.attempts >= this.config.OUTBOX_MAX_ATTEMPTS;
    const delay = backoffDelay(message.attempts, this.config.OUTBOX_RETRY_BASE, this.config.OUTBOX_RETRY_MAX);
    const rows = await this.db.rows<{ next_attempt_at: Date | null }>(
      `UPDATE outbox_message
          SET status = $3, last_error = $4,
              next_attempt_at = CASE WHEN $3 = 'dead' THEN NULL ELSE now() + $5 * interval '1 millisecond' END
        WHERE id = $1 AND status = 'sending' AND attempts = $2
      RETURNING next_attempt_at`,
      [message.id, message.attempts, dead ? 'dead' : 'failed', reason, delay],
    );
    const context = { outboxMessageId: message.id, channel: message.channel, topic: message.topic, attempt: message.attempts, reason };
    if (rows.length === 0) return undefined; // our claim expired and someone else has it now
    if (dead) {
      this.logger.error(context, `outbox message dead after ${message.attempts} attempts`);
      return undefined;
    }
    this.logger.warn(context, 'outbox delivery failed; will retry');
    const dueIn = rows[0].next_attempt_at ? rows[0].next_attempt_at.getTime() - Date.now() : delay;
    return { id: message.id, attempt: message.attempts + 1, delayMs: dueIn };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`transport did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
