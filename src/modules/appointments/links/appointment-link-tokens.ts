/**
 * The tokens in a reminder's links, by which a customer confirms or cancels without signing in
 * (issue 13): signed with a key derived from JWT_SECRET, good for one purpose and one appointment,
 * and dead once the appointment has ended. `<payload>.<signature>`, both base64url: the payload is
 * `{ a: appointmentId, p: purpose, e: expiry (epoch seconds) }`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_PURPOSES = ['confirm', 'cancel'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  appointmentId: string;
  purpose: LinkPurpose;
  expiresAt: Date;
}

const signature = (secret: string, payload: string) => createHmac('sha256', `bloom appointment link\n${secret}`).update(payload).digest('base64url');

export function signLinkToken(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify({ a: claims.appointmentId, p: claims.purpose, e: Math.floor(claims.expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

/** The claims of a genuine token for `purpose` that has not expired at `now`; null for anything else (forged, altered, other purpose, expired). */
export function verifyLinkToken(secret: string, token: string, purpose: LinkPurpose, now: Date): LinkClaims | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const [payload, signed, extra] = token.split('.');
  if (!payload || !signed || extra !== undefined) return null;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(signed);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let claims: { a?: unknown; p?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return null;
  }
  if (typeof claims.a !== 'string' || claims.p !== purpose || typeof claims.e !== 'number') return null;
  if (claims.e * 1000 <= now.getTime()) return null;
  return { appointmentId: claims.a, purpose, expiresAt: new Date(claims.e * 1000) };
}
