/** What other modules may import from events: publishing, subscribing, the outbox. */
import { OutboxMessage } from './outbox-message.entity.js';

export { EventsModule } from './events.module.js';
export { DomainEvent, type EventType } from './domain-event.js';
export { OnDomainEvent } from './on-domain-event.decorator.js';
export { EventBus } from './event-bus.js';
export { OutboxService, type OutboxEnqueue } from './outbox.service.js';
export { OutboxTransport, OutboxTransports, type MessageTransport, type OutboxDelivery } from './outbox-transport.js';
export { OutboxMessage, type OutboxStatus } from './outbox-message.entity.js';
export { OUTBOX_QUEUE } from './outbox-queue.js';
export { backoffDelay } from './backoff.js';
export type { JsonObject, JsonValue } from './json.js';
export const EVENTS_ENTITIES = [OutboxMessage];
