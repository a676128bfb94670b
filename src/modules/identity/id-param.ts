import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../../common/errors/index.js';

/**
 * The `:id` path parameter of a resource. An id that is not a UUID cannot name anything, so it
 * answers the resource's 404 (`user.not_found`), like an id that does not exist.
 */
export const IdParam = (what: string) =>
  Param(
    'id',
    new ParseUUIDPipe({
      exceptionFactory: () => new DomainError(`${what}.not_found`, 404, `No ${what.replace(/_/g, ' ')} with this id is visible to you.`),
    }),
  );
