import { DomainError } from '../../common/errors/index.js';

/** The customers module's error codes. */
export const CustomerErrors = {
  notFound: (id: string) => new DomainError('customer.not_found', 404, `No customer with id ${id}.`),
};
