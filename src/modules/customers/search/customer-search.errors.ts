import { DomainError, type FieldError } from '../../../common/errors/index.js';
import { ApiProblem } from '../../../common/openapi/index.js';

/** The customer search's error codes (list, export, segment members). */
export const CustomerSearchErrors = {
  /** A filter on personal data the caller sees masked: it would confirm what the mask hides. */
  filterNotAllowed: (errors: FieldError[], inSegment = false) =>
    new DomainError(
      'customer.filter_not_allowed',
      403,
      `${inSegment ? 'This segment filters' : 'You may not filter'} by personal data you cannot see: ${errors.map((e) => e.field).join(', ')}. ` +
        'Search by name, the last 4 digits of the phone, tags, gender, source, home store, creation date or status.',
      { title: 'Filter not allowed for you', errors },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError('customer.lookups_rate_limited', 429, `Too many customer look-ups; try again in ${retryAfterSeconds} seconds.`, {
      title: 'Too many look-ups',
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfter: retryAfterSeconds },
    }),
};

/** How the routes document them. */
export const FilterNotAllowed = () =>
  ApiProblem(
    403,
    'customer.filter_not_allowed',
    'Your role or API key scope may not do this, or a filter is on personal data you see masked (beauticians, API keys without customers:pii)',
  );
export const RateLimited = () => ApiProblem(429, 'customer.lookups_rate_limited', 'Too many customer look-ups by you in the window; see Retry-After');
