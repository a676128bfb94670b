/**
 * Durable events of the customers module (DESIGN §5: written with the change, delivered to every
 * subscriber at least once and applied once). Payloads carry ids only.
 *
 * - `customer.merged`: `mergedId` was merged into `survivorId`. Modules that hold customer ids
 *   (orders, appointments, after-sales) move their references to the survivor. Until they have, the
 *   merged record keeps `mergedIntoId` (always one hop: records merged into it are re-pointed too),
 *   so an old reference is resolved with `CustomersService.resolveId()`.
 * - `customer.anonymized`: the customer's personal data was erased (with the records merged into
 *   it): modules that copied any (shipping addresses, message logs) erase theirs.
 */
declare module '../../common/events/event-map.js' {
  interface DurableEventMap {
    'customer.merged': { survivorId: string; mergedId: string };
    'customer.anonymized': { customerId: string };
  }
}

export const CUSTOMER_MERGED = 'customer.merged';
export const CUSTOMER_ANONYMIZED = 'customer.anonymized';
