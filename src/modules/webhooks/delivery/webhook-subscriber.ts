import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { DurableSubscribers } from '../../../common/events/durable-subscribers.js';
import type { DeliveredEvent } from '../../../common/events/index.js';
import { patternsMatching } from '../event-type-patterns.js';
import type { WebhookEventDefinition } from '../webhook-contracts.js';
import { webhookEventTypes } from '../webhook-events.js';
import { WebhookQueue } from './webhook-queue.js';

/** The message body: `{ type, timestamp, data }`, its text fixed once (every attempt sends these bytes). */
export function messageBody(type: string, occurredAt: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
}

/**
 * Turns durable events into webhook messages: one durable subscriber (`webhooks.<type>`) per
 * declared type, registered at boot. In the delivery's transaction (so exactly once per event) it
 * loads the resource and writes one message per enabled endpoint that listens to the type and may
 * hear about the resource's stores, the body masked for endpoints without `includePii`; after the
 * commit it enqueues their first attempts (the sweeper does it if that fails).
 */
@Injectable()
export class WebhookSubscriber implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(DurableSubscribers) private readonly subscribers: DurableSubscribers,
    @Inject(Db) private readonly db: Db,
    @Inject(WebhookQueue) private readonly queue: WebhookQueue,
  ) {}

  onModuleInit(): void {
    for (const definition of webhookEventTypes()) {
      this.subscribers.register({ name: `webhooks.${definition.type}`, event: definition.event, handle: (event) => this.handle(definition, event) });
    }
  }

  async handle(definition: WebhookEventDefinition, event: DeliveredEvent): Promise<void> {
    const loaded = await definition.load(event);
    if (!loaded) return;
    const occurredAt = new Date(event.occurredAt);
    const full = messageBody(definition.type, occurredAt, loaded.data);
    const masked = loaded.masked ? messageBody(definition.type, occurredAt, loaded.masked) : full;
    const written = await this.db.rows<{ id: string; attempts: number }>(
      `INSERT INTO webhook_message (endpoint_id, event_id, type, body, occurred_at)
       SELECT e.id, $1, $2, CASE WHEN e.include_pii THEN $3 ELSE $4 END, $5
         FROM webhook_endpoint e
        WHERE e.status = 'enabled' AND e.event_types && $6::text[]
          AND (cardinality($7::uuid[]) = 0
            OR NOT EXISTS (SELECT 1 FROM webhook_endpoint_store s WHERE s.endpoint_id = e.id)
            OR EXISTS (SELECT 1 FROM webhook_endpoint_store s WHERE s.endpoint_id = e.id AND s.store_id = ANY($7::uuid[])))
       ON CONFLICT ON CONSTRAINT uq_webhook_message_event DO NOTHING
       RETURNING id, attempts`,
      [event.id, definition.type, full, masked, occurredAt, patternsMatching(definition.type), loaded.storeIds],
    );
    if (written.length === 0) return;
    this.db.afterCommit(() => {
      // Not awaited: the event delivery need not wait for Redis.
      void this.queue.start(written).catch((error: unknown) => {
        this.logger.warn({ err: error, eventId: event.id }, 'could not enqueue webhook messages; the sweeper will');
      });
    });
  }
}
