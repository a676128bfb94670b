import type { Actor } from '../http/request-context.js';

/**
 * Which stores an actor may see. Owners and API keys not limited to stores see every store of the
 * business; other staff and store-limited keys see the stores they are assigned to (one rule for both). Services filter with this, and answer 404
 * (never 403) for another store's resources, so ids of other stores leak nothing.
 */
export function visibleStoreIds(actor: Actor): string[] | 'all' {
  if (actor.kind === 'user' && actor.role === 'owner') return 'all';
  return actor.storeIds;
}

/** Ids come from URLs too, where a UUID may be written in upper case. */
export function canSeeStore(actor: Actor, storeId: string): boolean {
  const visible = visibleStoreIds(actor);
  return visible === 'all' || visible.includes(storeId.toLowerCase());
}
