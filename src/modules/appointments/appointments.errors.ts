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
  // customer-apps part: customers' own apps (publishable keys, customer sessions, /v1/me)
  nameRequired: () =>
    new DomainError('customer_auth.name_required', 422, 'No customer has this phone yet: give your name to sign up. The code still works.', {
      title: 'A name is needed to sign up',
      errors: [{ field: 'name', message: 'is required for a phone no customer has yet' }],
    }),
  customerUnavailable: () => new DomainError('customer_auth.customer_unavailable', 403, 'This customer record cannot sign in to the app; please contact the salon.'),
  // inputs part: booking policies and the availability loader
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
  // views part: lists, the appointment book, arrivals
  customerNotFound: (id: string) => new DomainError('customer.not_found', 404, `No customer with id ${id}.`),
  // lifecycle part: transitions, reminder links
  reasonRequired: () =>
    new DomainError('appointment.reason_required', 422, 'reason: say why the appointment is cancelled (the customer and the history see it).', {
      title: 'A reason is required',
      errors: [{ field: 'reason', message: 'is required when staff cancel an appointment' }],
    }),
  notStartedYet: (startsAt: string) =>
    new DomainError('appointment.not_started', 422, `The appointment starts at ${startsAt}: a customer can only be a no-show once the start has passed.`, {
      title: 'The appointment has not started',
      extensions: { startsAt },
    }),
  notYourAppointment: (id: string) =>
    new DomainError(
      'appointment.not_your_appointment',
      403,
      `You perform no service of appointment ${id}: only the front desk, a manager or its own beautician may start or complete it.`,
      {
        title: 'Not your appointment',
      },
    ),
  nothingToChange: () => CommonErrors.validation([{ field: 'notes', message: 'give notes or specialRequests (null clears one)' }]),
  linkNotFound: () =>
    new DomainError('appointment_link.not_found', 404, 'This link is not valid: it may be mistyped, altered, or for something else. Ask the salon for a new one.', {
      title: 'No such link',
    }),
  linkExpired: () =>
    new DomainError('appointment_link.expired', 410, 'This link has expired: the appointment is over. Contact the salon if something is wrong.', { title: 'Link expired' }),
  linksRateLimited: (retryAfterSeconds: number) =>
    new DomainError('appointment_link.rate_limited', 429, `Too many requests from your address; try again in ${retryAfterSeconds} seconds.`, {
      title: 'Too many requests',
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfter: retryAfterSeconds },
    }),
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

// Waitlist part.
registerConstraint('fk_waitlist_entry_customer_id', referenceConstraint('customerId', 'customer'));
registerConstraint('fk_waitlist_entry_staff_member_id', referenceConstraint('staffMemberId', 'staff member'));

// Booking: holds, appointments, reschedules (the lead's part).
registerConstraint('ex_segment_staff', {
  code: 'appointment.slot_taken',
  detail: 'A staff member of this booking is no longer free at that time.',
  field: 'startsAt',
  message: 'is no longer free',
});
registerConstraint('ex_segment_resource', {
  code: 'appointment.slot_taken',
  detail: 'A room or chair this booking needs is no longer free at that time.',
  field: 'startsAt',
  message: 'is no longer free',
});

/** What a taken slot collides with, as a 409 `appointment.slot_taken` names it. */
export interface SlotConflict {
  /** The requested service (0-based) that collides. */
  segment: number;
  kind: 'staff_busy' | 'resource_busy' | 'no_resource' | 'daily_cap';
  staffMemberId?: string;
  resourceId?: string;
  /** The booking in the way, when staff may see it: an appointment's number, or `hold` for a slot someone is booking right now. */
  appointmentNumber?: string | null;
  held?: boolean;
  /** The span in the way (ISO 8601, the store's offset). */
  start?: string;
  end?: string;
}

const CONFLICT_WORDS: Record<SlotConflict['kind'], string> = {
  staff_busy: 'the staff member is busy then',
  resource_busy: 'the room or chair it needs is taken then',
  no_resource: 'no room or chair of the kind it needs is free then',
  daily_cap: 'the staff member has reached their appointments for that day',
};

export const BookingErrors = {
  slotTaken: (conflict: SlotConflict, nearest: unknown[]) =>
    new DomainError(
      'appointment.slot_taken',
      409,
      `That time is taken: service ${conflict.segment + 1} cannot be booked because ${CONFLICT_WORDS[conflict.kind]}${conflict.held ? ' (someone is booking it right now)' : conflict.appointmentNumber ? ` (appointment ${conflict.appointmentNumber})` : ''}. ${nearest.length > 0 ? 'The nearest free times are listed.' : 'No free time is near it.'}`,
      { title: 'That time is taken', extensions: { conflict, nearest } },
    ),
  outsideWindow: (field: string, reason: 'before_notice' | 'beyond_horizon' | 'off_grid' | 'past', words: string) =>
    new DomainError('appointment.outside_booking_window', 422, `${field}: ${words}`, {
      title: 'That time cannot be booked',
      errors: [{ field, message: words }],
      extensions: { reason },
    }),
  notWorking: (field: string, words: string) =>
    new DomainError('appointment.outside_working_time', 422, `${field}: ${words}`, { title: 'Nobody works then', errors: [{ field, message: words }] }),
  staffNotQualified: (field: string, words: string) =>
    new DomainError('appointment.staff_unavailable', 422, `${field}: ${words}`, { title: 'That staff member cannot do it', errors: [{ field, message: words }] }),
  resourceUnavailable: (field: string, words: string) =>
    new DomainError('appointment.resource_unavailable', 422, `${field}: ${words}`, { title: 'That room or chair cannot be used', errors: [{ field, message: words }] }),
  customerUnknown: (field: string) => CommonErrors.referenceNotFound(field, 'customer', []),
  customerBlocked: (field: string) =>
    new DomainError('appointment.customer_blocked', 422, `${field}: this customer is blocked from booking; a manager can unblock them.`, {
      title: 'This customer cannot book',
      errors: [{ field, message: 'is blocked from booking' }],
    }),
  holdNotFound: (id: string) => new DomainError('appointment_hold.not_found', 404, `No hold with id ${id} is visible to you.`),
  holdExpired: (id: string) =>
    new DomainError('appointment_hold.expired', 410, `The hold ${id} has expired and its time was released: look for a free time again.`, { title: 'The hold has expired' }),
  holdOfAnother: (field: string) =>
    new DomainError('appointment_hold.other_customer', 422, `${field}: the hold was made for another customer.`, { errors: [{ field, message: 'was made for another customer' }] }),
  holdConflicting: (field: string) => CommonErrors.validation([{ field, message: 'give either holdId, or storeId, startsAt and services — not both' }]),
  notReschedulable: (status: string) =>
    new DomainError('appointment.not_reschedulable', 409, `A ${status.replace('_', ' ')} appointment cannot be moved; only booked or confirmed ones can.`, {
      title: 'This appointment cannot be moved',
      extensions: { status },
    }),
};
