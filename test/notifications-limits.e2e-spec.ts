import { randomUUID } from 'node:crypto';
import { FixedClock } from '../src/common/clock/index.js';
import { SmsLimits } from '../src/modules/notifications/dispatch/sms-limits.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { startFakeTwilio, type FakeTwilio } from './support/fake-providers.js';
import { contact, insertCustomer, notificationsOf, providerEnv, TEST_REMINDER, TWILIO } from './support/notifications.js';
import { waitFor } from './support/wait.js';

const PER_PHONE = 5;
const BUDGET = 10;
/** 10:00 in Shanghai, on the hour. */
const START = '2026-06-01T02:00:00Z';

/** The SMS limits: per phone in a rolling hour and per business day, under parallel sends. */
describe('notifications: SMS limits', () => {
  let t: TestApp;
  let twilio: FakeTwilio;
  let owner: UserRecord;
  const clock = new FixedClock(START);

  const statuses = async (ids: string[]) =>
    (await t.sql<{ status: string; reason: string | null }>('SELECT status, reason FROM notification WHERE id = ANY($1)', [ids]))
      .map((row) => `${row.status}:${row.reason ?? ''}`)
      .sort();
  const settledAll = (ids: string[]) =>
    waitFor(
      () => statuses(ids),
      (all) => all.length === ids.length && all.every((status) => !status.startsWith('queued')),
    );
  const count = (list: string[], value: string) => list.filter((item) => item === value).length;

  beforeAll(async () => {
    twilio = await startFakeTwilio(TWILIO);
    t = await startTestApp({
      clock,
      env: { ...providerEnv(twilio.url), NOTIFICATION_SMS_PER_PHONE_PER_HOUR: String(PER_PHONE), NOTIFICATION_SMS_DAILY_BUDGET: String(BUDGET), OUTBOX_RELAY_INTERVAL: '300ms' },
    });
    owner = await createUser(t, { role: 'owner' });
    // The owner signs in by phone only: the budget warning's e-mail has no address.
    await t.sql(`UPDATE staff_user SET email = NULL, phone = '+8613800000001' WHERE id = $1`, [owner.id]);
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  it('sends exactly the allowed number of 8 parallel SMS to one phone; the rest fail as rate_limited, urgent ones too', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.http
          .post('/v1/notifications/test')
          .set(owner.auth)
          .send({ channel: 'sms', to: { phone: '+8613700000001' } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const all = await settledAll(answers.map((answer) => answer.body.id as string));
    expect(count(all, 'sent:')).toBe(PER_PHONE);
    expect(count(all, 'failed:rate_limited')).toBe(8 - PER_PHONE);
    expect(twilio.requests.filter((request) => request.form.To === '+8613700000001')).toHaveLength(PER_PHONE);
  });

  it('counts a rolling hour: half an hour into the next hour, half of the last hour still counts', async () => {
    const take = () => t.app.get(SmsLimits);
    const phone = '+8613700000002';
    const rows = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const [row] = await t.sql<{ id: string }>(
          `INSERT INTO notification (key, kind, category, channel, recipient, locale, status) VALUES ('testing.reminder', 'service', 'reminders', 'sms', $1, 'zh-CN', 'queued') RETURNING id`,
          [phone],
        );
        ids.push(row.id);
      }
      return ids;
    };
    // 12 in parallel, urgent (exempt from the budget, never from the phone's limit): exactly 5 pass.
    const first = await Promise.all((await rows(12)).map((id) => take().take(id, phone, { exemptFromBudget: true })));
    expect(first.filter((answer) => answer.allowed)).toHaveLength(PER_PHONE);
    expect(first.filter((answer) => !answer.allowed && answer.reason === 'rate_limited')).toHaveLength(12 - PER_PHONE);

    clock.set('2026-06-01T03:00:00Z'); // the next hour begins: the last one still counts in full
    expect((await take().take((await rows(1))[0], phone, { exemptFromBudget: true })).allowed).toBe(false);
    clock.set('2026-06-01T03:30:00Z'); // half of it has left the window: floor(5 × 0.5) = 2 still count
    const later = await Promise.all((await rows(5)).map((id) => take().take(id, phone, { exemptFromBudget: true })));
    expect(later.filter((answer) => answer.allowed)).toHaveLength(PER_PHONE - 2);
    clock.set(START);
  });

  it('a retry of the same attempt cycle takes nothing more', async () => {
    const phone = '+8613700000003';
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO notification (key, kind, category, channel, recipient, locale, status) VALUES ('testing.reminder', 'service', 'reminders', 'sms', $1, 'zh-CN', 'queued') RETURNING id`,
      [phone],
    );
    for (let i = 0; i < PER_PHONE + 2; i++) expect((await t.app.get(SmsLimits).take(row.id, phone, { exemptFromBudget: true })).allowed).toBe(true);
  });

  it("stops at the day's budget (urgent service messages counted, not stopped) and tells the owners once at 80 %", async () => {
    // Used so far today: 5 + 5 + 1 + 3 (+1 by the retry test) urgent ones, over the budget of 10: normal messages are refused now.
    const [used] = await t.sql<{ count: number }>(`SELECT count FROM notification_sms_counter WHERE scope = 'budget'`);
    expect(used.count).toBeGreaterThanOrEqual(BUDGET);
    const customer = randomUUID();
    await insertCustomer(t, contact(customer, { phone: '+8613700000004' }));
    const [refused] = await notificationsOf(t).toCustomer(customer, TEST_REMINDER.key, { name: 'x' });
    expect(await settledAll([refused])).toEqual(['failed:budget_exhausted']);

    // A new business day: a fresh budget; parallel sends to different phones pass exactly up to it.
    clock.set('2026-06-01T16:30:00Z'); // 00:30 on 2 June in Shanghai
    const customers = await Promise.all(
      Array.from({ length: BUDGET + 3 }, async (_, i) => {
        const id = randomUUID();
        await insertCustomer(t, contact(id, { phone: `+86137${String(10_000_000 + i)}` }));
        return id;
      }),
    );
    const ids = (await Promise.all(customers.map((id) => notificationsOf(t).toCustomer(id, TEST_REMINDER.key, { name: 'y' })))).flat();
    const all = await settledAll(ids);
    expect(count(all, 'sent:')).toBe(BUDGET);
    expect(count(all, 'failed:budget_exhausted')).toBe(3);

    const warnings = await waitFor(
      () =>
        t.sql<{ staff_user_id: string; channel: string; status: string; reason: string | null }>(
          `SELECT staff_user_id, channel, status, reason FROM notification WHERE key = 'notification.sms_budget_warning' ORDER BY channel`,
        ),
      (rows) => rows.length > 0,
    );
    // The key goes out in-app and by e-mail; this owner has no e-mail address.
    expect(warnings).toEqual([
      { staff_user_id: owner.id, channel: 'email', status: 'skipped', reason: 'no_address' },
      { staff_user_id: owner.id, channel: 'in_app', status: 'sent', reason: null },
    ]);
    const inbox = await t.sql<{ user_id: string; body: string }>(`SELECT user_id, body FROM staff_message WHERE key = 'notification.sms_budget_warning'`);
    expect(inbox).toEqual([expect.objectContaining({ user_id: owner.id, body: expect.stringContaining('2026-06-02 已发送短信 8 条，达到每日预算 10 条的 80%') })]);
  });
});
