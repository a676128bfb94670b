import { createHash } from 'node:crypto';
import type { Actor } from '../request-context.js';

/** 1 to 255 printable ASCII characters (a UUID is the usual choice). */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x20-\x7E]{1,255}$/.test(key);
}

/**
 * Whose keys these are. Keys of different callers never collide. Public routes have no caller, so
 * they share the `public` scope: public clients must use unguessable keys (UUIDs), and a replay
 * also needs the same request body.
 */
export function idempotencyScope(actor: Actor | undefined): string {
  return actor ? `${actor.kind}:${actor.id}` : 'public';
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined && typeof item !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** What makes two requests "the same": method, URL (path and query) and body, whatever the key order. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n`).update(canonicalJson(body)).digest('hex');
}
