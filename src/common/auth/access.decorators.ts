import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { StaffRole } from '../http/request-context.js';
import type { Scope } from './scopes.js';

export const ACCESS_METADATA = 'bloom:access';

/**
 * Who may call a route. Every route declares one, or it is refused (deny by default). Customers' apps
 * are opt-in per route: `publishable` admits a publishable key (X-Publishable-Key) and a customer
 * session; `customers` admits customer sessions only.
 */
export type AccessRule = { public: true } | { public?: false; roles?: readonly StaffRole[]; scopes?: readonly Scope[]; publishable?: boolean; customers?: boolean };

export const ALL_STAFF: readonly StaffRole[] = ['owner', 'manager', 'receptionist', 'beautician'];
export const MANAGERS: readonly StaffRole[] = ['owner', 'manager'];

/** Anyone may call this route, without credentials. */
export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

/**
 * Staff with one of `roles`, and/or API keys holding at least one of `scopes`; customers' apps only
 * where `publishable` (a publishable key or a customer session: the menu, staff and availability)
 * or `customers` (a customer session: their own data) says so.
 * `@Allow({ roles: MANAGERS, scopes: ['stores:read'] })`
 */
export function Allow(rule: { roles?: readonly StaffRole[]; scopes?: readonly Scope[]; publishable?: boolean; customers?: boolean }) {
  const decorators: Array<ClassDecorator | MethodDecorator> = [SetMetadata(ACCESS_METADATA, { public: false, ...rule } satisfies AccessRule)];
  if (rule.roles?.length) decorators.push(ApiBearerAuth('staff'));
  if (rule.scopes?.length) decorators.push(ApiSecurity('apiKey', [...rule.scopes]));
  if (rule.publishable) decorators.push(ApiSecurity('publishableKey'));
  if (rule.publishable || rule.customers) decorators.push(ApiBearerAuth('customer'));
  return applyDecorators(...decorators);
}
