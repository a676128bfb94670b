import type { StaffRole } from '../../common/http/request-context.js';
import { IdentityErrors } from './identity.errors.js';

/**
 * Who may see and manage which staff users. Owners manage everyone. Managers see the users of their
 * stores, and manage (create, edit, disable, reset) receptionists and beauticians who work only at
 * their stores. Pure: the service loads the users, these rules decide.
 */
export interface ActingStaff {
  id: string;
  role: StaffRole;
  /** 'all' for owners. */
  storeIds: string[] | 'all';
}

export interface StaffTarget {
  id: string;
  role: StaffRole;
  storeIds: string[];
}

export const ROLES_MANAGERS_ASSIGN: readonly StaffRole[] = ['receptionist', 'beautician'];

function storesOf(actor: ActingStaff): string[] | 'all' {
  return actor.role === 'owner' ? 'all' : actor.storeIds;
}

/** Whether `target` exists for `actor` at all: when not, the API answers 404. */
export function canSeeUser(actor: ActingStaff, target: StaffTarget): boolean {
  const stores = storesOf(actor);
  if (stores === 'all' || actor.id === target.id) return true;
  if (actor.role !== 'manager') return false;
  return target.storeIds.some((storeId) => stores.includes(storeId));
}

/** Throws unless `actor` may edit, disable, enable or reset the password of `target` (whom they can see). */
export function assertCanManage(actor: ActingStaff, target: StaffTarget): void {
  const stores = storesOf(actor);
  if (stores === 'all') return;
  const manageable =
    actor.role === 'manager' && ROLES_MANAGERS_ASSIGN.includes(target.role) && target.storeIds.length > 0 && target.storeIds.every((storeId) => stores.includes(storeId));
  if (!manageable) throw IdentityErrors.notManageable();
}

/**
 * Throws unless `actor` may give a user this role and these stores. Owners have no store list;
 * everyone else works at one store at least; managers give only their own roles and stores
 * (another store's id reads as unknown, as it would for a store that does not exist).
 */
export function assertCanAssign(actor: ActingStaff, role: StaffRole, storeIds: string[]): void {
  if (role === 'owner' && storeIds.length > 0) throw IdentityErrors.ownerHasNoStores();
  if (role !== 'owner' && storeIds.length === 0) throw IdentityErrors.storesRequired();
  const stores = storesOf(actor);
  if (stores === 'all') return;
  if (actor.role !== 'manager' || !ROLES_MANAGERS_ASSIGN.includes(role)) throw IdentityErrors.roleNotAllowed(role);
  const outside = storeIds.filter((storeId) => !stores.includes(storeId));
  if (outside.length > 0) throw IdentityErrors.unknownStores(outside);
}
