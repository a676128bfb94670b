import type { JsonObject } from './json.js';

/**
 * Every durable event: its name → its payload type (ids and plain values). A module declares its own
 * events by declaration merging, next to the code that publishes them:
 *
 * ```ts
 * declare module '../../common/events/event-map.js' {
 *   interface DurableEventMap {
 *     'customer.merged': { survivorId: string; mergedId: string };
 *   }
 * }
 * ```
 *
 * `DurableEvents.publish(name, payload)` and `@OnDurableEvent(name)` handlers are typed from this map,
 * so a publisher and a subscriber that disagree on a payload do not compile. Payloads are object
 * type literals (not interfaces), so they must be JSON (a Date or an entity does not type-check).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DurableEventMap {}

export type DurableEventName = Extract<keyof DurableEventMap, string>;

/** The payload of `N`, or `never` when it is not JSON (so publishing it fails to compile). */
export type DurableEventPayload<N extends DurableEventName> = DurableEventMap[N] extends JsonObject ? DurableEventMap[N] : never;

/** What a subscriber receives. */
export interface DeliveredEvent<N extends DurableEventName = DurableEventName> {
  id: string;
  name: N;
  payload: DurableEventPayload<N>;
  occurredAt: Date;
}
