import { visibleStoreIds } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import type { StaffAccess, StaffMemberRef } from '../staff-access.js';

/**
 * Whose shifts and templates at which stores: a person reads all of their own, owners and keys not
 * limited to stores read everyone's; other staff read those at the stores they see, and change only
 * those (StaffAccess has already said who may manage the person at all). Another store's shift or
 * template answers 404, as if it did not exist.
 */
export function readableStores(access: StaffAccess, actor: Actor, member: StaffMemberRef): string[] | 'all' {
  return access.isSelf(actor, member) ? 'all' : visibleStoreIds(actor);
}

export function writableStores(actor: Actor): string[] | 'all' {
  return visibleStoreIds(actor);
}
