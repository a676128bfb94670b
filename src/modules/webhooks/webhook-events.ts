import type { DurableEventName } from '../../common/events/event-map.js';
import type { WebhookEventDefinition } from './webhook-contracts.js';

const TYPE_PATTERN = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;
const definitions = new Map<string, WebhookEventDefinition>();

/** Declares a webhook event type (see WebhookEventDefinition); a type declared twice fails at boot. */
export function defineWebhookEvent<N extends DurableEventName>(definition: WebhookEventDefinition<N>): void {
  if (!TYPE_PATTERN.test(definition.type)) throw new Error(`webhook event type ${JSON.stringify(definition.type)} must look like resource.event`);
  if (definitions.has(definition.type)) throw new Error(`webhook event type ${definition.type} is defined twice`);
  definitions.set(definition.type, definition);
}

export function webhookEventTypes(): WebhookEventDefinition[] {
  return [...definitions.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export function webhookEventType(type: string): WebhookEventDefinition | undefined {
  return definitions.get(type);
}
