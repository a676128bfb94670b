import { CommonErrors, DomainError, type FieldError } from '../../common/errors/index.js';

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
};
