import { CommonErrors, DomainError, referenceConstraint, registerConstraint, type FieldError } from '../../common/errors/index.js';

/** The appointments module's error codes. Each part adds its codes here. */
export const AppointmentErrors = {
  notFound: (id: string) => new DomainError('appointment.not_found', 404, `No appointment with id ${id} is visible to you.`),
  invalid: (errors: FieldError[]) => CommonErrors.validation(errors),
  variationUnavailable: (errors: FieldError[]) =>
    new DomainError('availability.variation_unavailable', 422, errors.map((error) => `${error.field}: ${error.message}`).join('; '), {
      title: 'A service cannot be booked here',
      errors,
    }),
  // inputs part: booking policies and the availability loader
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
  // recurring part: series of appointments
  seriesNotFound: (id: string) => new DomainError('appointment.series_not_found', 404, `No recurring series with id ${id} is visible to you.`),
  noOccurrenceBooked: (conflicts: Array<{ startsAt: string; code: string; detail: string }>) =>
    new DomainError('appointment.recurring_none_booked', 422, `None of the ${conflicts.length} occurrences could be booked: ${conflicts[0]?.detail ?? ''}`, {
      title: 'No occurrence could be booked',
      extensions: { conflicts },
    }),
  // waitlist part
  waitlistNotFound: (id: string) => new DomainError('waitlist_entry.not_found', 404, `No waitlist entry with id ${id} is visible to you.`),
  offerTaken: () =>
    new DomainError('waitlist.offer_taken', 409, 'Another waiting customer accepted this slot first: it is booked. This entry waits for the next freed slot.', {
      title: 'The slot was taken',
    }),
  offerExpired: (expiresAt: string) =>
    new DomainError('waitlist.offer_expired', 409, `The offer ran out at ${expiresAt}: the slot is free again. This entry waits for the next freed slot.`, {
      title: 'The offer has expired',
    }),
  notOffered: (status: string) =>
    new DomainError('waitlist.not_offered', 409, `This waitlist entry is ${status}: it has no offer to accept.`, {
      title: 'Nothing to accept',
      extensions: { currentState: status },
    }),
};

registerConstraint('fk_waitlist_entry_customer_id', referenceConstraint('customerId', 'customer'));
registerConstraint('fk_waitlist_entry_staff_member_id', referenceConstraint('staffMemberId', 'staff member'));
