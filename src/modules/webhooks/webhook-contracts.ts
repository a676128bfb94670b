import type { DurableEventName, DeliveredEvent } from '../../common/events/event-map.js';
import type { JsonObject } from '../../common/events/json.js';

/**
 * A type of webhook event, declared by the module that owns the resource (`defineWebhookEvent()` at
 * import time, beside its durable events), so webhooks imports no business module (DESIGN §2).
 *
 * Each webhook event follows one durable event: when it is delivered, the webhooks module loads the
 * resource with `load()` (as the API returns it, unmasked), and writes one message per endpoint that
 * listens to the type and may hear about the resource's stores; endpoints not allowed personal data
 * get `mask(data)`. The message (its `webhook-id` and body) never changes across retries.
 */
export interface WebhookEventDefinition<N extends DurableEventName = DurableEventName> {
  /** `customer.created`: `<resource>.<past-tense verb>`, the name partners subscribe to. */
  type: string;
  description: string;
  /** The durable event it follows. */
  event: N;
  /** The class of `data` (a response DTO), for the event catalog and the OpenAPI `webhooks` section. */

  schema: Function;
  /** The resource as the API returns it to a caller who sees personal data; undefined: nothing to send (it is gone). */
  load(event: DeliveredEvent<N>): Promise<WebhookData | undefined>;
}

export interface WebhookData {
  data: JsonObject;
  /** The stores the resource belongs to (none: business-wide, heard by every endpoint). */
  storeIds: string[];
  /** `data` as callers without personal data see it (masked phone, no birthday). Absent: it holds none. */
  masked?: JsonObject;
}
