import { dashboardCookie, dashboardKey, issueDashboardSession, readCookie, verifyDashboardSession } from './dashboard-session.js';

const key = dashboardKey('a-test-secret-that-is-long-enough-0123456789');
const USER = '0b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11';
const now = Date.parse('2026-11-22T10:00:00Z');

describe('queue dashboard sessions', () => {
  it('verifies a session it issued until it expires', () => {
    const value = issueDashboardSession(key, USER, new Date(now + 900_000));
    expect(verifyDashboardSession(key, value, now)?.userId).toBe(USER);
    expect(verifyDashboardSession(key, value, now + 900_000)).toBeUndefined();
  });

  it('refuses altered, forged and foreign sessions', () => {
    const value = issueDashboardSession(key, USER, new Date(now + 900_000));
    const [version, user, exp, signature] = value.split('.');
    expect(verifyDashboardSession(key, [version, user, String(Number(exp) + 3600), signature].join('.'), now)).toBeUndefined();
    expect(verifyDashboardSession(key, [version, '1b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11', exp, signature].join('.'), now)).toBeUndefined();
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
