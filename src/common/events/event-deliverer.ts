import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { settlesWithin, TimeoutError, withTimeout } from '../background/index.js';
import { cancelActiveStatement } from '../database/cancel-statement.js';
import { Db } from '../database/db.service.js';
import { RequestContexts } from '../http/request-context.js';
import { DurableSubscribers } from './durable-subscribers.js';
import { afterFailure, describeFailure } from './event-delivery-state.js';
import type { DurableEventName, DurableEventPayload } from './event-map.js';

interface ClaimedDelivery {
  id: string;
  subscriber: string;
  attempts: number;
  eventId: string;
  name: DurableEventName;
  payload: DurableEventPayload<DurableEventName>;
  occurredAt: Date;
  backendPid: number;
}

/** A subscriber that ran past EVENT_HANDLER_TIMEOUT: its transaction rolls back and the delivery is retried. */
export class EventHandlerTimeoutError extends Error {
  override readonly name = 'EventHandlerTimeoutError';
}

/** Extra time the database gives a delivery transaction that sits idle, beyond EVENT_HANDLER_TIMEOUT. */
const IDLE_MARGIN_MS = 5000;
/** How long a timed-out handler's cancelled statement may take to end before the rollback goes anyway. */
const CANCELLED_SETTLE_MS = 2000;

/** The next attempt of a delivery that failed and is not dead, for the queue to schedule. */
export interface DeliveryRetry {
  deliveryId: string;
  attempt: number;
  delayMs: number;
}

export type DeliveryOutcome = 'delivered' | 'already_applied' | 'skipped' | DeliveryRetry | 'dead' | 'lost';

/** A job may fire a little before the due time it was scheduled for (clocks, timer rounding). */
const EARLY_TOLERANCE = "interval '1 second'";

/**
 * One attempt of one delivery, in one transaction: lock the delivery row (pending and due; SKIP
 * LOCKED, so two jobs of one delivery never run it at once), record the event in the subscriber's
 * inbox, run the subscriber, mark the delivery delivered. A crash anywhere rolls all of it back;
 * the inbox row makes a redelivery after a commit a no-op. A failure is recorded in a second
 * transaction: the next attempt with backoff, or dead.
 */
@Injectable()
export class EventDeliverer {
  private readonly logger = new Logger('DurableEvents');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DurableSubscribers) private readonly subscribers: DurableSubscribers,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {}

  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    let claimed: ClaimedDelivery | undefined;
    const timeoutMs = this.config.EVENT_HANDLER_TIMEOUT;
    try {
      return await this.db.transaction(async () => {
        // A stuck subscriber holds neither the row lock nor a pooled connection for long.
        await this.db.execute(`SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`, [
          String(timeoutMs),
          String(timeoutMs + IDLE_MARGIN_MS),
        ]);
        [claimed] = await this.db.rows<ClaimedDelivery>(
          `SELECT d.id, d.subscriber, d.attempts, d.event_id AS "eventId", e.name, e.payload, e.occurred_at AS "occurredAt", pg_backend_pid() AS "backendPid"
             FROM event_delivery d JOIN event e ON e.id = d.event_id
            WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= now() + ${EARLY_TOLERANCE} AND d.subscriber = ANY($2::text[])
            FOR UPDATE OF d SKIP LOCKED`,
          [deliveryId, this.subscribers.names()],
        );
        if (!claimed) return 'skipped'; // delivered, dead, not due, running elsewhere, or not a subscriber of this build
        const subscriber = this.subscribers.get(claimed.subscriber)!;
        const fresh = await this.db.rows<unknown>('INSERT INTO event_inbox (subscriber, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1', [
          claimed.subscriber,
          claimed.eventId,
        ]);
        if (fresh.length > 0) {
          const event = { id: claimed.eventId, name: claimed.name, payload: claimed.payload, occurredAt: claimed.occurredAt };
          // Writes the subscriber makes (audit included) carry the event as their request id.
          const run = RequestContexts.run({ requestId: `event:${claimed.eventId}` }, async () => subscriber.handle(event));
          try {
            await withTimeout(run, timeoutMs, `subscriber ${claimed.subscriber}`);
          } catch (error) {
            if (!(error instanceof TimeoutError)) throw error;
            // The subscriber may be inside a query: cancel it so the rollback does not queue behind it.
            // Let a cancelled statement end before the rollback is sent on the same connection (one query at a time per client).
            if (await this.cancelQuery(claimed.backendPid)) await settlesWithin(run, CANCELLED_SETTLE_MS);
            throw new EventHandlerTimeoutError(`subscriber ${claimed.subscriber} did not finish within ${timeoutMs} ms`);
          }
        }
        await this.db.execute(`UPDATE event_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), next_attempt_at = NULL WHERE id = $1`, [deliveryId]);
        return fresh.length > 0 ? 'delivered' : 'already_applied';
      });
    } catch (error) {
      if (!claimed) throw error; // the claim itself failed: Bull retries, or the sweeper
      return this.failed(claimed, error);
    }
  }

  /** Cancels the statement the connection is running, if any; true when there was one. */
  private async cancelQuery(backendPid: number): Promise<boolean> {
    try {
      return await cancelActiveStatement(this.db, backendPid);
    } catch (error) {
      this.logger.warn({ err: error, backendPid }, 'could not cancel the query of a timed-out subscriber');
      return false;
    }
  }

  private async failed(delivery: ClaimedDelivery, error: unknown): Promise<DeliveryOutcome> {
    const attempt = delivery.attempts + 1;
    const next = afterFailure(attempt, { maxAttempts: this.config.EVENT_MAX_ATTEMPTS, baseMs: this.config.EVENT_RETRY_BASE, maxMs: this.config.EVENT_RETRY_MAX });
    const failure = describeFailure(error);
    const rows = await this.db.rows<{ id: string }>(
      `UPDATE event_delivery
            SET attempts = $2, status = $3, last_error_code = $4, last_error = $5,
                next_attempt_at = CASE WHEN $3 = 'dead' THEN NULL ELSE now() + $6 * interval '1 millisecond' END
          WHERE id = $1 AND status = 'pending' AND attempts = $7
        RETURNING id`,
      [delivery.id, attempt, next.status, failure.code, failure.message, next.status === 'pending' ? next.delayMs : 0, delivery.attempts],
    );
    const context = { deliveryId: delivery.id, eventId: delivery.eventId, event: delivery.name, subscriber: delivery.subscriber, attempt, error: failure };
    if (rows.length === 0) return 'lost'; // someone else recorded this attempt
    if (next.status === 'dead') {
      this.logger.error(context, `event delivery dead after ${attempt} attempts`);
      return 'dead';
    }
    this.logger.warn(context, 'event delivery failed; will retry');
    return { deliveryId: delivery.id, attempt: attempt + 1, delayMs: next.delayMs };
  }
}
