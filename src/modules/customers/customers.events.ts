/**
 * Durable events of the customers module (DESIGN §5: written with the change, delivered to every
 * subscriber at least once and applied once). Payloads carry ids only.
 *
 * - `customer.merged`: `mergedId` was merged into `survivorId`. Modules that hold customer ids
 *   (orders, appointments, after-sales) move their references to the survivor. Until they have, the
 *   merged record keeps `mergedIntoId` (always one hop: records merged into it are re-pointed too),
 *   so an old reference is resolved with `CustomersService.resolveId()`.
 * - `customer.created`, `customer.updated`: a customer was registered (by the API or an import), or
 *   changed in what the API answers about it (profile, consents, tags, contact preferences, status,
 *   a merge it survived, a referrer moved by a merge). One event per customer per transaction. Not
 *   published for figures (`recordActivity`: the visit, order or payment that moved them has its own
 *   events) nor for records merged away or anonymized (their own events say so).
 * - `customer.anonymized`: the customer's personal data was erased (with the records merged into
 *   it): modules that copied any (shipping addresses, message logs) erase theirs.
 */
declare module '../../common/events/event-map.js' {
  interface DurableEventMap {
    'customer.created': { customerId: string };
    'customer.updated': { customerId: string };
    'customer.merged': { survivorId: string; mergedId: string };
    'customer.anonymized': { customerId: string };
  }
}

export const CUSTOMER_CREATED = 'customer.created';
export const CUSTOMER_UPDATED = 'customer.updated';
export const CUSTOMER_MERGED = 'customer.merged';
export const CUSTOMER_ANONYMIZED = 'customer.anonymized';
