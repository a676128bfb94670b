/** Who may call the catalog routes: everyone reads, managers and owners write; API keys by scope (a write key may also read). */
import { ALL_STAFF, MANAGERS } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';

export const READ_SCOPES = ['catalog:read', 'catalog:write'] as const;
export const WRITE_SCOPES = ['catalog:write'] as const;

export const READ = { roles: ALL_STAFF, scopes: READ_SCOPES };
export const WRITE = { roles: MANAGERS, scopes: WRITE_SCOPES };

/** Cost prices are for those who set prices: owners, managers and API keys; not the front desk. */
export function mayReadCost(actor: Actor | undefined): boolean {
  if (!actor) return true;
  return actor.kind === 'api_key' || actor.role === 'owner' || actor.role === 'manager';
}
