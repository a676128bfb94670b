import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { StaffRole } from '../http/request-context.js';
import type { Scope } from './scopes.js';

export const ACCESS_METADATA = 'bloom:access';

/** Who may call a route. Every route declares one, or it is refused (deny by default). */
export type AccessRule = { public: true } | { public?: false; roles?: readonly StaffRole[]; scopes?: readonly Scope[] };

export const ALL_STAFF: readonly StaffRole[] = ['owner', 'manager', 'receptionist', 'beautician'];
export const MANAGERS: readonly StaffRole[] = ['owner', 'manager'];

/** Anyone may call this route, without credentials. */
export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

/**
 * Staff with one of `roles`, and/or API keys holding at least one of `scopes`.
 * `@Allow({ roles: MANAGERS, scopes: ['stores:read'] })`
 */
export function Allow(rule: { roles?: readonly StaffRole[]; scopes?: readonly Scope[] }) {
  const decorators: Array<ClassDecorator | MethodDecorator> = [SetMetadata(ACCESS_METADATA, { public: false, ...rule } satisfies AccessRule)];
  if (rule.roles?.length) decorators.push(ApiBearerAuth('staff'));
  if (rule.scopes?.length) decorators.push(ApiSecurity('apiKey', [...rule.scopes]));
  return applyDecorators(...decorators);
}
