/**
 * Every API-key scope Bloom knows, with what it allows. A module adds its scopes here; API keys
 * can only be given scopes from this list.
 */
export const SCOPES = {
  'stores:read': 'Read stores, their hours and closures',
  'stores:write': 'Create and change stores',
  'audit:read': 'Read the audit log',
  'catalog:read': 'Read service categories, services, products and service consumption',
  'catalog:write': 'Create and change the catalog',
  'customers:read': 'Read and search customers (phone and e-mail masked, no address or care notes without customers:pii)',
  'customers:write': 'Create, change, merge and import customers',
  'customers:pii': "See customers' full personal data (phone, e-mail, birthday, addresses, care notes); every read is audited",
  'scheduling:read': 'Read staff members, levels, templates, shifts, time off, attendance, rosters and resources',
  'scheduling:write': 'Manage staff members, levels, templates, shifts, time off, attendance and resources',
  'notifications:read': 'Read the notification log (recipients masked without customers:pii)',
  'notifications:write': 'Resend failed notifications',
  'appointments:read': "Read appointments, their history, the stores' appointment books, booking policies and availability",
  'appointments:write': "Hold slots, book, reschedule, confirm, check in and cancel appointments; change stores' booking policies",
  'inventory:read': "Read stock levels, movements, batches, alerts and reports, suppliers, purchase orders, transfers and stocktakes of the key's stores",
  'inventory:write': 'Post stock adjustments; create and move purchase orders, transfers and stocktakes along (what a manager approves stays with managers)',
  'orders:read': "Read orders of the key's stores, their lines, totals and status history",
  'orders:write': 'Send orders (a partner marketplace, a shop) and move them along their life cycle',
  'shipments:write': "Report tracking events of the key's stores' parcels (a carrier or a tracking aggregator), and read those parcels",
  'orders:partner_price': "Set a line's unit price on orders the key sends (a partner's agreed price) instead of the store's catalog price",
  'webhooks:manage': 'Register and change webhook endpoints, read their delivery log, retry, replay and send test events',
} as const satisfies Record<string, string>;

export type Scope = keyof typeof SCOPES;

/**
 * Scopes that no route declares, and why they exist anyway (src/route-scopes.spec.ts checks that every
 * other scope guards some route). A scope added for an upcoming module goes here until its routes land.
 */
export const SCOPES_NOT_ON_ROUTES: Partial<Record<Scope, string>> = {};

export function isKnownScope(scope: string): scope is Scope {
  return Object.hasOwn(SCOPES, scope);
}
