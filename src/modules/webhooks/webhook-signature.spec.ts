import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signWebhook, webhookId } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = JSON.stringify({ type: 'customer.created', timestamp: '2026-12-07T02:00:00.000Z', data: { name: '王小红', note: 'ünïcode ✓' } });

  it('equal what the standardwebhooks package signs, and verify with it', () => {
    const secret = newWebhookSecret();
    const id = webhookId('3f9a1c2e-8b7d-4e6f-a1b2-c3d4e5f60718');
    const now = new Date();
    const seconds = Math.floor(now.getTime() / 1000);
    expect(signWebhook([secret], id, seconds, body)).toBe(new Webhook(secret).sign(id, now, body));
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': signWebhook([secret], id, seconds, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('sends one signature per secret during a rotation; either secret verifies, a third does not', () => {
    const [old, current, other] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()];
    const id = webhookId('00000000-0000-4000-8000-000000000001');
    const seconds = Math.floor(Date.now() / 1000);
    const signature = signWebhook([current, old], id, seconds, body);
    expect(signature.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': signature };
    expect(() => new Webhook(old).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(other).verify(body, headers)).toThrow('No matching signature found');
    // The body is signed as sent: one byte changed fails.
    expect(() => new Webhook(current).verify(body.replace('王', '黄'), headers)).toThrow();
  });

  it('makes secrets of 24 random bytes in the whsec_ form, and message ids in the msg_ form', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(secret).not.toBe(newWebhookSecret());
    expect(webhookId('3f9a1c2e-8b7d-4e6f-a1b2-c3d4e5f60718')).toBe('msg_3f9a1c2e8b7d4e6fa1b2c3d4e5f60718');
  });
});
