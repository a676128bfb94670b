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
  // customer-apps part: customers' own apps (publishable keys, customer sessions, /v1/me)
  nameRequired: () =>
    new DomainError('customer_auth.name_required', 422, 'No customer has this phone yet: give your name to sign up. The code still works.', {
      title: 'A name is needed to sign up',
      errors: [{ field: 'name', message: 'is required for a phone no customer has yet' }],
    }),
  customerUnavailable: () => new DomainError('customer_auth.customer_unavailable', 403, 'This customer record cannot sign in to the app; please contact the salon.'),
  // inputs part: booking policies and the availability loader
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
};
