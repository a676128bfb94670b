/**
 * Domain events of the customers module (delivered after commit, at most once: see common/events).
 * Payloads carry ids only.
 */
import { DomainEvent } from '../../common/events/index.js';

/**
 * `mergedId` was merged into `survivorId`. Modules that hold customer ids (orders, appointments,
 * after-sales) move their references to the survivor. A missed delivery loses nothing: the merged
 * record keeps `mergedIntoId` (always one hop: records merged into it are re-pointed too), so an old
 * reference is resolved with `CustomersService.resolveId()`.
 */
export class CustomerMerged extends DomainEvent<{ survivorId: string; mergedId: string }> {
  static override readonly eventName = 'customer.merged';
}

/** The customer's personal data was erased: modules that copied any (shipping addresses, message logs) erase theirs. */
export class CustomerAnonymised extends DomainEvent<{ customerId: string }> {
  static override readonly eventName = 'customer.anonymised';
}
