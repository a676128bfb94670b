import type { DeliveredEvent, DurableEventName } from './event-map.js';

const DURABLE_SUBSCRIPTIONS = Symbol('bloom:durable-event-subscriptions');

export interface DurableSubscription {
  method: string;
  event: DurableEventName;
  /** Stable name, stored with each delivery and in the inbox: `orders.move-customer-refs`. */
  subscriber: string;
}

/**
 * Marks a method of a singleton provider as a durable event subscriber:
 * `@OnDurableEvent('customer.merged', { name: 'orders.move-customer-refs' }) onMerged(event: DeliveredEvent<'customer.merged'>)`.
 * It runs in a worker, never in the request, at least once per event; it runs inside a transaction
 * that also records the event in the inbox, so its database writes (through `Db`) apply exactly
 * once. Throwing rolls them back and the delivery is retried with backoff, then marked dead. The name
 * must be unique and must not change while deliveries are pending (they are stored under it).
 */
export function OnDurableEvent<N extends DurableEventName>(event: N, options: { name: string }) {
  return <F extends (event: DeliveredEvent<N>) => unknown>(target: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<F>): void => {
    const owner = target.constructor;
    const existing = (Reflect.getOwnMetadata(DURABLE_SUBSCRIPTIONS, owner) as DurableSubscription[] | undefined) ?? [];
    Reflect.defineMetadata(DURABLE_SUBSCRIPTIONS, [...existing, { method: String(method), event, subscriber: options.name }], owner);
  };
}

export function durableSubscriptionsOf(type: Function): DurableSubscription[] {
  return (Reflect.getMetadata(DURABLE_SUBSCRIPTIONS, type) as DurableSubscription[] | undefined) ?? [];
}
