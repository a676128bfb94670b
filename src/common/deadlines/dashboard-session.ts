import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';

/**
 * The queue dashboard's browser session. A browser cannot send a Bearer header when it opens a page,
 * so an owner trades their access token (POST /v1/admin/queue-dashboard-session) for this cookie:
 * HttpOnly, SameSite=Strict, Secure on https, and only sent to /admin/queues. It is not an API
 * credential (the API reads no cookies), it is signed with a key derived from JWT_SECRET, and it lives
 * as long as an access token (JWT_ACCESS_TTL).
 */
export const DASHBOARD_PATH = '/admin/queues';
export const DASHBOARD_COOKIE = 'bloom_queue_dashboard';

const VERSION = 'v1';

export function dashboardKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('bloom:queue-dashboard-session').digest();
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function issueDashboardSession(key: Buffer, userId: string, expiresAt: Date): string {
  const payload = `${VERSION}.${userId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${sign(key, payload)}`;
}

/** The user a session value was issued to, or undefined when it is forged, altered or expired. */
export function verifyDashboardSession(key: Buffer, value: string, now: number = Date.now()): { userId: string; expiresAt: Date } | undefined {
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return undefined;
  const [version, userId, exp, signature] = parts;
  const expected = Buffer.from(sign(key, `${version}.${userId}.${exp}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const expiresAt = Number(exp) * 1000;
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return undefined;
  return { userId, expiresAt: new Date(expiresAt) };
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

  constructor(@InjectConfig() private readonly config: AppConfigValues) {
    this.key = dashboardKey(config.JWT_SECRET);
  }

  /** A Set-Cookie value opening the dashboard for `userId`. */
  open(userId: string, secure: boolean): { cookie: string; expiresAt: Date } {
    const maxAgeSeconds = Math.max(60, Math.floor(this.config.JWT_ACCESS_TTL / 1000));
    const expiresAt = new Date(Date.now() + maxAgeSeconds * 1000);
    return { cookie: dashboardCookie(issueDashboardSession(this.key, userId, expiresAt), maxAgeSeconds, secure), expiresAt };
  }

  /** A Set-Cookie value that makes the browser forget the session. */
  closed(secure: boolean): string {
    return dashboardCookie('', 0, secure);
  }

  verify(value: string): { userId: string } | undefined {
    return verifyDashboardSession(this.key, value);
  }
}
