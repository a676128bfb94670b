import { DomainError } from '../../common/errors/index.js';

/** The appointments module's error codes. Each part adds its codes here. */
export const AppointmentErrors = {
  notFound: (id: string) => new DomainError('appointment.not_found', 404, `No appointment with id ${id} is visible to you.`),
  // inputs part: booking policies and the availability loader
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
};
