import { DomainError } from '../errors/domain-error.js';

export const AuthErrors = {
  unauthenticated: () =>
    new DomainError('auth.unauthenticated', 401, 'Send a valid access token (Authorization: Bearer …) or API key (X-Api-Key).', {
      headers: { 'www-authenticate': 'Bearer realm="bloom"' },
    }),
  invalidCredentials: () =>
    new DomainError('auth.invalid_token', 401, 'The access token or API key is invalid, expired or revoked.', {
      headers: { 'www-authenticate': 'Bearer realm="bloom", error="invalid_token"' },
    }),
  forbiddenRole: (role: string) => new DomainError('auth.forbidden', 403, `Your role (${role}) may not do this.`),
  forbiddenScope: (needed: readonly string[]) => new DomainError('auth.insufficient_scope', 403, `This API key lacks the scope needed here: one of ${needed.join(', ')}.`),
  apiKeysNotAllowed: () => new DomainError('auth.staff_only', 403, 'This route is for staff users; API keys may not call it.'),
  staffNotAllowed: () => new DomainError('auth.api_key_only', 403, 'This route is for API keys; staff users may not call it.'),
  publishableKeyNotAllowed: () =>
    new DomainError(
      'auth.publishable_key_not_allowed',
      403,
      'A publishable key reads only the bookable menu, staff shown online and availability; sign the customer in for their own data (POST /v1/customer-auth/sessions).',
    ),
  customerNotAllowed: () =>
    new DomainError('auth.customer_not_allowed', 403, "A customer session reaches only the customer's own data (/v1/me…), the bookable menu, staff and availability."),
  customersOnly: () => new DomainError('auth.customer_only', 403, 'This route is for signed-in customers (a customer session from POST /v1/customer-auth/sessions).'),
  customerAppRateLimited: (retryAfterSeconds: number) =>
    new DomainError('auth.rate_limited', 429, `Too many requests from this app; try again in ${retryAfterSeconds} seconds.`, {
      title: 'Too many requests',
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfter: retryAfterSeconds },
    }),
  undeclared: () => new DomainError('auth.route_undeclared', 403, 'This route declares no access rule, so it is refused.'),
};
