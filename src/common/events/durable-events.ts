import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { DurableSubscribers } from './durable-subscribers.js';
import { EventDeliveryQueue } from './event-delivery-queue.js';
import type { DurableEventName, DurableEventPayload } from './event-map.js';

/** How long the first delivery jobs' add may take after commit before the sweeper is left to do it. */
const START_DELIVERY_TIMEOUT_MS = 1000;

/**
 * Durable domain events (DESIGN §5). `publish` writes the event and one delivery per subscriber in the
 * caller's transaction (so they exist if and only if the business change commits); after commit one
 * job per delivery starts it. Delivery is at least once, retried with backoff, dead after
 * EVENT_MAX_ATTEMPTS (owners see and retry dead ones), recovered from PostgreSQL when Redis loses jobs,
 * and each subscriber applies an event once (its inbox).
 */
@Injectable()
export class DurableEvents {
  private readonly logger = new Logger('DurableEvents');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DurableSubscribers) private readonly subscribers: DurableSubscribers,
    @Inject(EventDeliveryQueue) private readonly queue: EventDeliveryQueue,
  ) {}

  /** Answers the event's id. Fails when called outside a transaction: an event must commit with its cause. */
  async publish<N extends DurableEventName>(name: N, payload: DurableEventPayload<N>): Promise<string> {
    const [eventId] = await this.publishMany(name, [payload]);
    return eventId;
  }

  /**
   * Many events of one name in one statement (an import publishes one per customer: 50,000 single
   * publishes took four times the import's own work). Answers their ids, in no particular order.
   */
  async publishMany<N extends DurableEventName>(name: N, payloads: ReadonlyArray<DurableEventPayload<N>>): Promise<string[]> {
    this.db.requireTransaction(`durable event ${name}`);
    if (payloads.length === 0) return [];
    const [row] = await this.db.rows<{ eventIds: string[]; deliveryIds: string[] }>(
      `WITH e AS (INSERT INTO event (name, payload) SELECT $1, p FROM unnest($2::jsonb[]) AS p RETURNING id),
            d AS (INSERT INTO event_delivery (event_id, subscriber) SELECT e.id, s FROM e, unnest($3::text[]) AS s RETURNING id)
       SELECT ARRAY(SELECT id FROM e) AS "eventIds", ARRAY(SELECT id FROM d) AS "deliveryIds"`,
      [name, payloads.map((payload) => JSON.stringify(payload)), this.subscribers.of(name)],
    );
    const { eventIds, deliveryIds } = row;
    if (deliveryIds.length > 0) {
      this.db.afterCommit(() => {
        // Not awaited: the request need not wait for Redis. The sweeper enqueues what did not make it.
        void this.queue
          .add(
            deliveryIds.map((deliveryId) => ({ data: { deliveryId, attempt: 1 } })),
            START_DELIVERY_TIMEOUT_MS,
          )
          .catch((error: unknown) => {
            this.logger.warn({ err: error, event: name, events: eventIds.length }, 'could not enqueue event deliveries; the sweeper will');
          });
      });
    }
    return eventIds;
  }
}
