import { DomainError } from '../../errors/domain-error.js';

export const IdempotencyErrors = {
  keyInvalid: () =>
    new DomainError('idempotency.key_invalid', 400, 'Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is a good choice).', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }],
    }),
  keyRequired: () =>
    new DomainError('idempotency.key_required', 400, 'This route needs an Idempotency-Key header, so a retry cannot repeat its effect.', {
      errors: [{ field: 'Idempotency-Key', message: 'is required' }],
    }),
  keyReused: () =>
    new DomainError('idempotency.key_reused', 422, 'This Idempotency-Key was already used for a different request (method, URL or body). Use a new key for a new request.', {
      title: 'Idempotency key reused',
    }),
  inFlight: (retryAfterSeconds: number) =>
    new DomainError('idempotency.in_flight', 409, 'A request with this Idempotency-Key is still being processed. Retry shortly to get its response.', {
      title: 'Request in progress',
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};
