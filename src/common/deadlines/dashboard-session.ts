import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { Revocations } from '../auth/revocations.js';

/**
 * The queue dashboard's browser session. A browser cannot send a Bearer header when it opens a page,
 * so an owner trades their access token (POST /v1/admin/queue-dashboard-session) for this cookie:
 * HttpOnly, SameSite=Strict, Secure on https and always in production (behind a TLS proxy the request
 * may look like http), and only sent to /admin/queues. It is not an API credential (the API reads no
 * cookies), it is signed with a key derived from JWT_SECRET, and it lives as long as an access token
 * (JWT_ACCESS_TTL). It carries the user, the sign-in session and the issue instant of the access token
 * it was traded for, and is checked against the same revocation list: it ends when that token would
 * (the user disabled or demoted, their password changed, the session logged out).
 */
export const DASHBOARD_PATH = '/admin/queues';
export const DASHBOARD_COOKIE = 'bloom_queue_dashboard';

const VERSION = 'v2';

export interface DashboardSession {
  userId: string;
  /** The sign-in session (refresh-token family) of the access token it was traded for; '-' when that had none. */
  sessionId: string;
  /** When that access token was issued (ms). */
  issuedAtMs: number;
  expiresAt: Date;
}

export function dashboardKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('bloom:queue-dashboard-session').digest();
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

const SAFE_PART = /^[A-Za-z0-9-]{1,64}$/;

export function issueDashboardSession(key: Buffer, session: DashboardSession): string {
  for (const part of [session.userId, session.sessionId]) if (!SAFE_PART.test(part)) throw new Error('dashboard session ids must be uuids');
  const payload = [VERSION, session.userId, session.sessionId, Math.floor(session.issuedAtMs), Math.floor(session.expiresAt.getTime() / 1000)].join('.');
  return `${payload}.${sign(key, payload)}`;
}

/** What a session value says, or undefined when it is forged, altered or expired (revocations are checked by the caller). */
export function verifyDashboardSession(key: Buffer, value: string, now: number = Date.now()): DashboardSession | undefined {
  const parts = value.split('.');
  if (parts.length !== 6 || parts[0] !== VERSION) return undefined;
  const [, userId, sessionId, issuedAt, exp, signature] = parts;
  const expected = Buffer.from(sign(key, parts.slice(0, 5).join('.')));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const expiresAt = Number(exp) * 1000;
  const issuedAtMs = Number(issuedAt);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now || !Number.isSafeInteger(issuedAtMs)) return undefined;
  return { userId, sessionId, issuedAtMs, expiresAt: new Date(expiresAt) };
}

/** The value of one cookie in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function dashboardCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${DASHBOARD_COOKIE}=${value}`, `Path=${DASHBOARD_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

@Injectable()
export class DashboardSessions {
  private readonly key: Buffer;

  constructor(
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(Revocations) private readonly revocations: Revocations,
  ) {
    this.key = dashboardKey(config.JWT_SECRET);
  }

  /**
   * A Set-Cookie value opening the dashboard for the owner whose access token is `actor`'s. Secure
   * when the request came over https, and always in production: behind a TLS proxy with
   * TRUST_PROXY=false the request looks like http, yet the browser is on https.
   */
  open(actor: { id: string; sessionId?: string; issuedAtMs?: number }, overHttps: boolean): { cookie: string; expiresAt: Date } {
    const maxAgeSeconds = Math.max(60, Math.floor(this.config.JWT_ACCESS_TTL / 1000));
    const expiresAt = new Date(Date.now() + maxAgeSeconds * 1000);
    const value = issueDashboardSession(this.key, {
      userId: actor.id,
      sessionId: actor.sessionId ?? '-',
      issuedAtMs: actor.issuedAtMs ?? Date.now(),
      expiresAt,
    });
    return { cookie: dashboardCookie(value, maxAgeSeconds, this.secure(overHttps)), expiresAt };
  }

  /** A Set-Cookie value that makes the browser forget the session. */
  closed(overHttps: boolean): string {
    return dashboardCookie('', 0, this.secure(overHttps));
  }

  /** The session, unless forged, expired or revoked since its access token was issued. */
  verify(value: string): DashboardSession | undefined {
    const session = verifyDashboardSession(this.key, value);
    if (!session) return undefined;
    const sessionId = session.sessionId === '-' ? undefined : session.sessionId;
    return this.revocations.isRevoked(session.userId, sessionId, session.issuedAtMs) ? undefined : session;
  }

  private secure(overHttps: boolean): boolean {
    return overHttps || this.config.NODE_ENV === 'production';
  }
}
