import { loadConfig } from '../../../config/index.js';
import type { AppointmentRecord } from '../booking/appointment-records.js';
import { verifyLinkToken } from '../links/appointment-link-tokens.js';
import { ReminderLinks } from './reminder-links.js';

const appointment = { id: '0f6b3a1e-2c4d-4e5f-8a9b-1c2d3e4f5a6b', endsAt: new Date('2027-03-22T07:30:00Z') } as AppointmentRecord;
const linksWith = (env: Record<string, string>) => new ReminderLinks(loadConfig({ NODE_ENV: 'test', ...env })).linksFor(appointment);
const LINK = /^(.*)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\/(confirm|cancel)$/;

describe('reminder links', () => {
  it('point at the booking page when one is configured, one token per purpose, good until the appointment ends', () => {
    const { confirmUrl, cancelUrl } = linksWith({ APPOINTMENT_LINK_BASE_URL: 'https://book.example.com/a/' });
    const [, base, token, purpose] = LINK.exec(confirmUrl)!;
    expect([base, purpose]).toEqual(['https://book.example.com/a', 'confirm']);
    const secret = loadConfig({ NODE_ENV: 'test' }).JWT_SECRET;
    expect(verifyLinkToken(secret, token, 'confirm', new Date('2027-03-22T07:29:59Z'))).toEqual({
      appointmentId: appointment.id,
      purpose: 'confirm',
      expiresAt: appointment.endsAt,
    });
    expect(verifyLinkToken(secret, token, 'confirm', appointment.endsAt)).toBeNull();
    expect(verifyLinkToken(secret, token, 'cancel', new Date('2027-03-22T07:00:00Z'))).toBeNull();
    expect(LINK.exec(cancelUrl)?.[3]).toBe('cancel');
  });

  it("default to this API's link routes: PUBLIC_BASE_URL, else localhost", () => {
    expect(LINK.exec(linksWith({ PUBLIC_BASE_URL: 'https://api.example.com' }).confirmUrl)?.[1]).toBe('https://api.example.com/v1/appointment-links');
    expect(LINK.exec(linksWith({}).cancelUrl)?.[1]).toBe('http://localhost:3000/v1/appointment-links');
  });
});
