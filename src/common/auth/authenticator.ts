import type { Actor } from '../http/request-context.js';

/**
 * Turns credentials into an actor. Implemented by the identity module; `common` only knows this shape.
 * Each method answers undefined for credentials that are wrong, expired or revoked.
 */
export interface Authenticator {
  /** A staff access token (JWT) or a customer session token (`cs_…`). */
  verifyBearer(token: string): Promise<Actor | undefined>;
  verifyApiKey(key: string): Promise<Actor | undefined>;
  /** A publishable key (`pk_…`) of a customers' app. */
  verifyPublishableKey(key: string): Promise<Actor | undefined>;
}

export const AUTHENTICATOR = Symbol('AUTHENTICATOR');
