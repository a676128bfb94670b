/** What other modules may import from events: durable and in-memory events, the outbox. */
import { OutboxMessage } from './outbox-message.entity.js';
import { DurableEventRow, EventDelivery, EventInbox } from './durable-event.entity.js';

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
export { DurableEvents } from './durable-events.js';
export { OnDurableEvent } from './on-durable-event.decorator.js';
export type { DurableEventMap, DurableEventName, DurableEventPayload, DeliveredEvent } from './event-map.js';
export { EVENT_DELIVERY_QUEUE } from './event-delivery-queue.js';
export const EVENTS_ENTITIES = [OutboxMessage, DurableEventRow, EventDelivery, EventInbox];
