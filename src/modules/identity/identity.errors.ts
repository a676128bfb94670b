import { CommonErrors, DomainError, referenceConstraint, registerConstraint, type FieldError } from '../../common/errors/index.js';

const EMAIL_TAKEN = { code: 'user.email_taken', detail: 'Another user already signs in with this e-mail.', field: 'email' };
const PHONE_TAKEN = { code: 'user.phone_taken', detail: 'Another user already signs in with this phone.', field: 'phone' };
const BEARER = 'Bearer realm="bloom"';
const BEARER_INVALID_TOKEN = 'Bearer realm="bloom", error="invalid_token"';
const taken = (meaning: typeof EMAIL_TAKEN) => new DomainError(meaning.code, 409, meaning.detail, { errors: [{ field: meaning.field, message: meaning.detail }] });

/** The identity module's error codes (sign-in, sessions, users, API keys). */
export const IdentityErrors = {
  // Sign-in and sessions. Every 401 names the scheme to authenticate with (RFC 9110 §11.6.1).
  invalidCredentials: () => new DomainError('auth.invalid_credentials', 401, 'The login or the password is wrong.', { headers: { 'www-authenticate': BEARER } }),
  accountDisabled: () => new DomainError('auth.account_disabled', 403, 'This account is disabled; ask an owner or a manager to enable it.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError('auth.too_many_attempts', 429, `Too many sign-in attempts; try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfter: retryAfterSeconds },
    }),
  rateLimitUnavailable: (what = 'Sign-in') =>
    new DomainError('auth.rate_limit_unavailable', 503, `${what} is briefly unavailable (the attempt counter cannot be reached); try again shortly.`, {
      headers: { 'retry-after': '5' },
    }),
  refreshInvalid: () => new DomainError('auth.refresh_invalid', 401, 'The refresh token is unknown or was revoked: sign in again.', { headers: { 'www-authenticate': BEARER } }),
  refreshExpired: () => new DomainError('auth.refresh_expired', 401, 'The refresh token has expired: sign in again.', { headers: { 'www-authenticate': BEARER } }),
  refreshReused: () =>
    new DomainError('auth.refresh_reused', 401, 'This refresh token was already used, so it may have leaked: every token of its session is now revoked. Sign in again.', {
      headers: { 'www-authenticate': BEARER },
    }),
  // Password reset by code. One answer for a wrong, expired, used or burnt code, and for an unknown login.
  resetCodeInvalid: () =>
    new DomainError('auth.reset_code_invalid', 400, 'This code does not work: it is wrong, has expired or was already used. Ask for a new code.', {
      title: 'The code does not work',
      errors: [{ field: 'code', message: 'does not work (wrong, expired or already used)' }],
    }),
  tooManyResetRequests: (retryAfterSeconds: number) =>
    new DomainError('auth.too_many_reset_requests', 429, `Too many password-reset requests; try again in ${retryAfterSeconds} seconds.`, {
      title: 'Too many password-reset requests',
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfter: retryAfterSeconds },
    }),
  currentPasswordWrong: () => new DomainError('auth.current_password_wrong', 403, 'The current password is wrong.'),
  userGone: () =>
    new DomainError('auth.invalid_token', 401, 'Your account no longer exists or is disabled: sign in again.', {
      headers: { 'www-authenticate': BEARER_INVALID_TOKEN },
    }),

  // Users
  userNotFound: (id: string) => CommonErrors.notFound('user', id),
  weakPassword: (field: string, problems: string[]) =>
    new DomainError('user.weak_password', 400, `The ${field === 'password' ? 'password' : field} is too weak: ${problems.join('; ')}.`, {
      title: 'The password is too weak',
      errors: problems.map((message) => ({ field, message })),
    }),
  invalidFields: (errors: FieldError[]) => CommonErrors.validation(errors),
  emailTaken: () => taken(EMAIL_TAKEN),
  phoneTaken: () => taken(PHONE_TAKEN),
  loginRequired: () =>
    new DomainError('user.login_required', 400, 'A user needs an e-mail or a phone to sign in with.', {
      errors: [{ field: 'email', message: 'give an e-mail or a phone' }],
    }),
  storesRequired: () =>
    new DomainError('user.stores_required', 400, 'Managers, receptionists and beauticians work at one store at least: give storeIds.', {
      errors: [{ field: 'storeIds', message: 'must name at least one store' }],
    }),
  ownerHasNoStores: () =>
    new DomainError('user.owner_has_no_stores', 400, 'Owners see every store, so they have no store list: leave storeIds out.', {
      errors: [{ field: 'storeIds', message: 'must be empty for an owner' }],
    }),
  /** The same answer the stores module gives for a store that does not exist: another store's id reads as unknown. */
  unknownStores: (storeIds: string[]) => CommonErrors.referenceNotFound('storeIds', 'store', storeIds),
  roleNotAllowed: (role: string) => new DomainError('user.role_not_allowed', 403, `Managers create and edit receptionists and beauticians only, not ${role}s.`),
  notManageable: () => new DomainError('user.not_manageable', 403, 'Managers manage receptionists and beauticians who work only at their own stores; ask an owner.'),
  cannotDisableSelf: () => new DomainError('user.cannot_disable_self', 409, 'You cannot disable your own account.'),
  lastOwner: () => new DomainError('user.last_owner', 409, 'This is the last active owner: make another user an owner first, so someone can still manage the business.'),

  // Customers' apps: publishable keys and customer sign-in (customer-apps/)
  publishableKeyNotFound: (id: string) => CommonErrors.notFound('publishable_key', id),
  unknownStore: (field: string, storeId: string) => CommonErrors.referenceNotFound(field, 'store', [storeId]),
  businessKeyForOwners: () =>
    new DomainError('publishable_key.store_required', 403, 'Only owners create keys for the whole business; give the storeId of one of your stores.', {
      errors: [{ field: 'storeId', message: 'is required for a manager (one of your stores)' }],
    }),
  signInCodeInvalid: () =>
    new DomainError('customer_auth.code_invalid', 400, 'This code does not work: it is wrong, has expired or was already used. Ask for a new code.', {
      title: 'The code does not work',
      errors: [{ field: 'code', message: 'does not work (wrong, expired or already used)' }],
    }),
  tooManySignInCodes: (retryAfterSeconds: number) =>
    new DomainError('customer_auth.too_many_requests', 429, `Too many sign-in codes or sign-ins; try again in ${retryAfterSeconds} seconds.`, {
      title: 'Too many sign-in requests',
      headers: { 'retry-after': String(retryAfterSeconds) },
      extensions: { retryAfter: retryAfterSeconds },
    }),

  // API keys
  apiKeyNotFound: (id: string) => CommonErrors.notFound('api_key', id),
  unknownScopes: (given: string[]) => {
    const scopes = given.map((scope) => (scope.length > 64 ? `${scope.slice(0, 64)}…` : scope));
    return new DomainError('api_key.unknown_scope', 400, `Unknown scope${scopes.length > 1 ? 's' : ''}: ${scopes.join(', ')}.`, {
      errors: scopes.map((scope) => ({ field: 'scopes', message: `unknown scope ${scope}` })),
    });
  },
  expiryInPast: () =>
    new DomainError('request.validation_failed', 400, 'expiresAt: must be in the future', {
      title: 'The request is not valid',
      errors: [{ field: 'expiresAt', message: 'must be in the future' }],
    }),
};

// The services check first (a friendlier path); the constraints settle races and read the same.
registerConstraint('uq_staff_user_email', EMAIL_TAKEN);
registerConstraint('uq_staff_user_phone', PHONE_TAKEN);
registerConstraint('fk_staff_user_store_store_id', referenceConstraint('storeIds', 'store'));
registerConstraint('fk_api_key_store_store_id', referenceConstraint('storeIds', 'store'));
registerConstraint('ck_staff_user_login', { code: 'user.login_required', detail: 'A user needs an e-mail or a phone to sign in with.', field: 'email' });
