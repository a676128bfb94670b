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
  // views part: lists, the appointment book, arrivals
  customerNotFound: (id: string) => new DomainError('customer.not_found', 404, `No customer with id ${id}.`),
};
