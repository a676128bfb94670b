/** What other modules (and the app's wiring) may import from webhooks. */
export { WebhooksModule } from './webhooks.module.js';
export { defineWebhookEvent } from './webhook-events.js';
export type { WebhookEventDefinition, WebhookData } from './webhook-contracts.js';
