import type { DomainEvent, EventType } from './domain-event.js';

const SUBSCRIPTIONS = Symbol('bloom:domain-event-subscriptions');

export interface Subscription {
  method: string;
  types: EventType[];
}

/**
 * Marks a provider method as a subscriber: `@OnDomainEvent(CustomerMerged) onMerged(event: CustomerMerged)`.
 * The EventBus finds these at boot. Subscribers run after the publishing transaction commits, in the
 * caller's request context but outside its transaction: a subscriber that writes uses its own
 * `@Transactional()` service method. Keep them quick; slow work belongs in a job or the outbox.
 */
export function OnDomainEvent<E extends DomainEvent>(...types: [EventType<E>, ...EventType<E>[]]) {
  return <F extends (event: E) => unknown>(target: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<F>): void => {
    const owner = target.constructor;
    const existing = (Reflect.getOwnMetadata(SUBSCRIPTIONS, owner) as Subscription[] | undefined) ?? [];
    Reflect.defineMetadata(SUBSCRIPTIONS, [...existing, { method: String(method), types }], owner);
  };
}

export function subscriptionsOf(type: Function): Subscription[] {
  return (Reflect.getMetadata(SUBSCRIPTIONS, type) as Subscription[] | undefined) ?? [];
}
