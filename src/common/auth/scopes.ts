/**
 * Every API-key scope Bloom knows, with what it allows. A module adds its scopes here; API keys
 * can only be given scopes from this list.
 */
export const SCOPES = {
  'stores:read': 'Read stores, their hours and closures',
  'stores:write': 'Create and change stores',
  'audit:read': 'Read the audit log',
} as const satisfies Record<string, string>;

export type Scope = keyof typeof SCOPES;

export function isKnownScope(scope: string): scope is Scope {
  return Object.hasOwn(SCOPES, scope);
}
