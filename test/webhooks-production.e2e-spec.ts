/**
 * Webhooks in production mode (NODE_ENV=production, private targets not allowed): https only, IP
 * literals of internal addresses refused when registered, names resolved at send time and refused
 * when they reach an internal address (localhost → 127.0.0.1) without any connection being made;
 * and a production that allows private targets does not boot.
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { AuditService } from '../src/common/audit/index.js';
import { Db } from '../src/common/database/index.js';
import { DurableEvents } from '../src/common/events/index.js';
import { loadConfig } from '../src/config/index.js';
import { WebhookDeliverer } from '../src/modules/webhooks/delivery/webhook-deliverer.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { fieldsOf } from './support/responses.js';
import { waitFor } from './support/wait.js';
import { WebhookProbeModule, WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(60_000);

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(32).toString('hex'),
  METRICS_TOKEN: randomBytes(16).toString('hex'),
  WEBHOOK_RETRY_SCHEDULE: '100ms',
  WEBHOOK_SWEEP_INTERVAL: '300ms',
};

describe('webhooks in production', () => {
  let t: TestApp;
  let owner: UserRecord;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestApp({ imports: [WebhookProbeModule], env: PRODUCTION });
    owner = await createUser(t, { role: 'owner' });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('refuses to boot with WEBHOOK_ALLOW_PRIVATE_TARGETS=true (the deliverer, built at boot, will not be built)', () => {
    // Built by hand with this app's own dependencies: a refused boot would leave its connections open in the test process.
    const build = (allow: boolean) => new WebhookDeliverer(t.app.get(Db), t.app.get(DurableEvents), t.app.get(AuditService), { ...t.config, WEBHOOK_ALLOW_PRIVATE_TARGETS: allow });
    expect(() => build(true)).toThrow('WEBHOOK_ALLOW_PRIVATE_TARGETS=true is refused in production');
    expect(() => build(false)).not.toThrow();
    expect(loadConfig({ ...PRODUCTION, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
  });

  it.each([
    ['http://partner.example/hook', 'must be an https URL'],
    [`https://127.0.0.1:${443}/hook`, 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://100.100.100.200/latest/meta-data', 'CGNAT'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://2130706433/hook', 'loopback'], // 127.0.0.1 written as one number
  ])('refuses to register %s (422 naming url)', async (url, reason) => {
    const res = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url, eventTypes: ['*'] });
    expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([422, 'webhook_endpoint.invalid_url', ['url']]);
    expect(res.body.errors[0].message).toContain(reason);
  });

  it('resolves a name when sending and refuses one that reaches 127.0.0.1, connecting nowhere', async () => {
    const created = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: `https://localhost:${receiver.port}/hook`, eventTypes: ['*'] });
    expect(created.status).toBe(201);
    const sent = await t.http.post(`/v1/webhook-endpoints/${created.body.id}/test`).set(owner.auth).expect(202);
    const message = await waitFor(
      async () => (await t.http.get(`/v1/webhook-messages/${sent.body.messageId}`).set(owner.auth)).body,
      (body) => body.status === 'failed',
    );
    expect(message.attemptLog).toHaveLength(2);
    for (const attempt of message.attemptLog) {
      expect(attempt).toMatchObject({ statusCode: null, succeeded: false });
      expect(attempt.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), which is loopback/);
    }
    expect(receiver.connections).toBe(0);
  });
});
