/** What other modules (and the app's wiring) may import from webhooks. */
import { WebhookAttempt, WebhookMessage } from './delivery/webhook-message.entity.js';
import { WebhookEndpoint, WebhookEndpointStore } from './endpoints/webhook-endpoint.entity.js';

export { WebhooksModule } from './webhooks.module.js';
export { defineWebhookEvent } from './webhook-events.js';
export type { WebhookEventDefinition, WebhookData } from './webhook-contracts.js';
export { WEBHOOK_ENDPOINT_DISABLED } from './webhooks.events.js';
export { addWebhooksToOpenApi, webhookSchemaModels } from './webhook-openapi.js';

export const WEBHOOKS_ENTITIES = [WebhookEndpoint, WebhookEndpointStore, WebhookMessage, WebhookAttempt];
