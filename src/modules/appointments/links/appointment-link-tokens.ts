/**
 * The tokens in a reminder's links, by which a customer confirms or cancels without signing in
 * (issue 13): signed with a key derived from JWT_SECRET, good for one purpose and one appointment,
 * and dead once the appointment has ended. `<payload>.<signature>`, both base64url, 51 characters in
 * all (short enough for an SMS and for a URL path segment, which the API caps at 100): the payload is
 * 21 bytes, the appointment id (16), the purpose (1: its index in LINK_PURPOSES) and the expiry
 * (4: epoch seconds, unsigned big-endian); the signature is HMAC-SHA256 over the payload's text,
 * truncated to 128 bits.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_PURPOSES = ['confirm', 'cancel'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  appointmentId: string;
  purpose: LinkPurpose;
  expiresAt: Date;
}

const PAYLOAD_BYTES = 21;
const SIGNATURE_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const signature = (secret: string, payload: string) =>
  createHmac('sha256', `bloom appointment link\n${secret}`).update(payload).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');

export function signLinkToken(secret: string, claims: LinkClaims): string {
  if (!UUID.test(claims.appointmentId)) throw new Error(`signLinkToken: ${claims.appointmentId} is not an appointment id`);
  const bytes = Buffer.alloc(PAYLOAD_BYTES);
  Buffer.from(claims.appointmentId.replace(/-/g, ''), 'hex').copy(bytes, 0);
  bytes.writeUInt8(LINK_PURPOSES.indexOf(claims.purpose), 16);
  bytes.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 17);
  const payload = bytes.toString('base64url');
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
  const bytes = Buffer.from(payload, 'base64url');
  // Re-encoding must give the same text: no second spelling of one payload.
  if (bytes.length !== PAYLOAD_BYTES || bytes.toString('base64url') !== payload) return null;
  if (LINK_PURPOSES[bytes.readUInt8(16)] !== purpose) return null;
  const expiresAt = new Date(bytes.readUInt32BE(17) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return null;
  const hex = bytes.subarray(0, 16).toString('hex');
  const appointmentId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { appointmentId, purpose, expiresAt };
}
