/**
 * Who may call the catalog routes. Everyone reads. The catalog itself (categories, services,
 * variations, products, consumption) is business-wide: every store sells from it, so only owners
 * change it (and API keys with `catalog:write`). A store's departures from it (availability, its
 * own prices) are the store's: managers set them for the stores they work at.
 */
import { ALL_STAFF, MANAGERS } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';

export const READ_SCOPES = ['catalog:read', 'catalog:write'] as const;
export const WRITE_SCOPES = ['catalog:write'] as const;

export const READ = { roles: ALL_STAFF, scopes: READ_SCOPES };
/** Business-wide items: owners (and keys). */
export const WRITE = { roles: ['owner'] as const, scopes: WRITE_SCOPES };
/** One store's overrides: owners, and managers for their stores (the services check the store). */
export const STORE_WRITE = { roles: MANAGERS, scopes: WRITE_SCOPES };

/** Cost prices are for those who set prices: owners, managers and API keys; not the front desk. */
export function mayReadCost(actor: Actor | undefined): boolean {
  if (!actor) return true;
  if (actor.kind === 'api_key') return true;
  return actor.kind === 'user' && (actor.role === 'owner' || actor.role === 'manager');
}
