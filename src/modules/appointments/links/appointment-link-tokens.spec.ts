import { LINK_PURPOSES, signLinkToken, verifyLinkToken } from './appointment-link-tokens.js';

const SECRET = 'test-secret-0123456789abcdef-0123456789';
const ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = new Date('2027-03-20T00:00:00Z');
const LATER = new Date('2027-03-22T08:00:00Z');

describe('appointment link tokens', () => {
  it('round-trips the appointment, purpose and expiry, in 51 URL-safe characters', () => {
    for (const purpose of LINK_PURPOSES) {
      const token = signLinkToken(SECRET, { appointmentId: ID, purpose, expiresAt: LATER });
      expect(token).toMatch(/^[A-Za-z0-9_-]{28}\.[A-Za-z0-9_-]{22}$/);
      expect(verifyLinkToken(SECRET, token, purpose, NOW)).toEqual({ appointmentId: ID, purpose, expiresAt: LATER });
    }
    expect(verifyLinkToken(SECRET, signLinkToken(SECRET, { appointmentId: ID.toUpperCase(), purpose: 'cancel', expiresAt: LATER }), 'cancel', NOW)?.appointmentId).toBe(ID);
  });

  it('refuses another purpose, another secret, an altered payload or signature, and an expired token', () => {
    const token = signLinkToken(SECRET, { appointmentId: ID, purpose: 'cancel', expiresAt: LATER });
    const [payload, signed] = token.split('.');
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    expect(verifyLinkToken(SECRET, token, 'confirm', NOW)).toBeNull();
    expect(verifyLinkToken(`${SECRET}x`, token, 'cancel', NOW)).toBeNull();
    for (let at = 0; at < payload.length; at++) expect(verifyLinkToken(SECRET, `${flip(payload, at)}.${signed}`, 'cancel', NOW)).toBeNull();
    expect(verifyLinkToken(SECRET, `${payload}.${flip(signed, 0)}`, 'cancel', NOW)).toBeNull();
    expect(verifyLinkToken(SECRET, token, 'cancel', LATER)).toBeNull();
    for (const junk of ['', '.', 'a.b', `${token}.x`, `${payload}.`, 'x'.repeat(600)]) expect(verifyLinkToken(SECRET, junk, 'cancel', NOW)).toBeNull();
  });

  it('will not sign what is not an appointment id', () => {
    expect(() => signLinkToken(SECRET, { appointmentId: 'not-a-uuid', purpose: 'confirm', expiresAt: LATER })).toThrow('not an appointment id');
  });
});
