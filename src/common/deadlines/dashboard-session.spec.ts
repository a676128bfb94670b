import { dashboardCookie, dashboardKey, issueDashboardSession, readCookie, verifyDashboardSession } from './dashboard-session.js';

const key = dashboardKey('a-test-secret-that-is-long-enough-0123456789');
const USER = '0b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11';
const SESSION = '5d2e9f10-7b3c-4e8a-b1d4-6c0f2a9e8b77';
const now = Date.parse('2026-11-22T10:00:00Z');
const session = (expiresAt: number) => ({ userId: USER, sessionId: SESSION, issuedAtMs: now - 1234, expiresAt: new Date(expiresAt) });

describe('queue dashboard sessions', () => {
  it('verifies a session it issued until it expires, with the user, sign-in session and issue instant it carries', () => {
    const value = issueDashboardSession(key, session(now + 900_000));
    expect(verifyDashboardSession(key, value, now)).toEqual({ userId: USER, sessionId: SESSION, issuedAtMs: now - 1234, expiresAt: new Date(now + 900_000) });
    expect(verifyDashboardSession(key, value, now + 900_000)).toBeUndefined();
  });

  it('refuses altered, forged and foreign sessions', () => {
    const value = issueDashboardSession(key, session(now + 900_000));
    const [version, user, sid, issuedAt, exp, signature] = value.split('.');
    expect(verifyDashboardSession(key, [version, user, sid, issuedAt, String(Number(exp) + 3600), signature].join('.'), now)).toBeUndefined();
    expect(verifyDashboardSession(key, [version, '1b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11', sid, issuedAt, exp, signature].join('.'), now)).toBeUndefined();
    // A later issue instant would dodge revocations: it is signed too.
    expect(verifyDashboardSession(key, [version, user, sid, String(now), exp, signature].join('.'), now)).toBeUndefined();
    expect(verifyDashboardSession(key, [version, user, '6d2e9f10-7b3c-4e8a-b1d4-6c0f2a9e8b77', issuedAt, exp, signature].join('.'), now)).toBeUndefined();
    expect(verifyDashboardSession(dashboardKey('another-secret-that-is-long-enough-0123456789'), value, now)).toBeUndefined();
    expect(verifyDashboardSession(key, 'garbage', now)).toBeUndefined();
    expect(verifyDashboardSession(key, `${value}.x`, now)).toBeUndefined();
  });

  it('is not the JWT secret itself: the key is derived for this one purpose', () => {
    expect(dashboardKey('s'.repeat(40)).equals(Buffer.from('s'.repeat(40)))).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the dashboard path only, Secure on https', () => {
    expect(dashboardCookie('v', 900, false)).toBe('bloom_queue_dashboard=v; Path=/admin/queues; Max-Age=900; HttpOnly; SameSite=Strict');
    expect(dashboardCookie('v', 900, true)).toMatch(/; Secure$/);
  });

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; bloom_queue_dashboard=v1.x.y.z; b=2', 'bloom_queue_dashboard')).toBe('v1.x.y.z');
    expect(readCookie('xbloom_queue_dashboard=1', 'bloom_queue_dashboard')).toBeUndefined();
    expect(readCookie(undefined, 'bloom_queue_dashboard')).toBeUndefined();
  });
});
