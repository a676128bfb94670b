import { ALL_STAFF, MANAGERS } from '../../../common/auth/index.js';

/** Everyone on the staff reads suppliers and purchase orders of their stores; so do keys with `inventory:read`. */
export const READ = { roles: ALL_STAFF, scopes: ['inventory:read'] } as const;
/** Managers and owners keep suppliers and draft, order and cancel purchase orders; so do keys with `inventory:write`. */
export const WRITE = { roles: MANAGERS, scopes: ['inventory:write'] } as const;
/** Approving a purchase order stays with managers and owners: no API key may. */
export const APPROVE = { roles: MANAGERS } as const;
/** Goods are received at the desk: receptionists of the store too. */
export const RECEIVE = { roles: ['owner', 'manager', 'receptionist'], scopes: ['inventory:write'] } as const;
/** Suggested purchase orders show costs and what to buy: managers and owners, and keys with `inventory:read`. */
export const SUGGEST = { roles: MANAGERS, scopes: ['inventory:read'] } as const;
