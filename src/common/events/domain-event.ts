import type { JsonObject } from './json.js';

/**
 * A fact a module announces after it happened: `new CustomerMerged({ customerId, mergedIntoId })`.
 * The payload carries ids and plain values, never entities (a subscriber re-reads what it needs, and
 * the payload type only allows JSON values, so a Date or an entity does not type-check).
 *
 * ```ts
 * export class CustomerMerged extends DomainEvent<{ customerId: string; mergedIntoId: string }> {
 *   static readonly eventName = 'customer.merged';
 * }
 * ```
 */
export abstract class DomainEvent<P extends JsonObject = JsonObject> {
  /** Stable name used in logs; defaults to the class name. */
  static readonly eventName?: string;
  readonly occurredAt = new Date();

  constructor(readonly payload: Readonly<P>) {}

  get name(): string {
    return eventNameOf(this.constructor as EventType);
  }
}

/** The class of an event, used as its key: subscribers name the class they listen to. */
export type EventType<E extends DomainEvent = DomainEvent> = (abstract new (...args: never[]) => E) & { eventName?: string };

export function eventNameOf(type: EventType): string {
  return type.eventName ?? type.name;
}
