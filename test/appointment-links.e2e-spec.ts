/**
 * A reminder's links, without signing in: what one shows (nothing personal), confirming and cancelling
 * as the customer under the store's rules, and the tokens refused: another purpose, altered, forged,
 * expired; and the per-address rate limit.
 */
import { AppointmentChanges, type AppointmentChange } from '../src/modules/appointments/appointment-changes.js';
import { signLinkToken, type LinkPurpose } from '../src/modules/appointments/links/appointment-link-tokens.js';
import { startTestApp, type TestApp } from './support/app.js';
import { appointmentBook, FEE, type AppointmentBook } from './support/appointment-fixtures.js';
import { createUser } from './support/factories.js';
import { PROBLEM } from './support/responses.js';

const LIMIT = 8;
let address = 0;
/** Each test speaks from addresses of its own, so only the rate-limit test meets the limit. */
const nextIp = () => `198.51.100.${++address}`;

describe('appointment links', () => {
  let t: TestApp;
  let book: AppointmentBook;
  let ip: string;
  const changes: AppointmentChange[] = [];

  const token = (appointmentId: string, purpose: LinkPurpose, expiresAt = new Date(Date.now() + 7 * 86_400_000), secret = t.config.JWT_SECRET) =>
    signLinkToken(secret, { appointmentId, purpose, expiresAt });
  const link = (value: string) => `/v1/appointment-links/${encodeURIComponent(value)}`;
  const get = (value: string) => t.http.get(link(value)).set('x-forwarded-for', ip);
  const post = (value: string, action: 'confirm' | 'cancel', body?: object) => {
    const request = t.http.post(`${link(value)}/${action}`).set('x-forwarded-for', ip);
    return body ? request.send(body) : request;
  };
  const row = async (id: string) =>
    (
      await t.sql<{ status: string; version: number; cancelled_by_type: string | null; cancelled_by_id: string | null }>(
        'SELECT status, version, cancelled_by_type, cancelled_by_id FROM appointment WHERE id = $1',
        [id],
      )
    )[0];
  const history = (id: string) =>
    t.sql<{ to_status: string; actor_type: string; actor_id: string | null }>(
      'SELECT to_status, actor_type, actor_id FROM appointment_status_history WHERE appointment_id = $1 ORDER BY at, id',
      [id],
    );
  const figures = async (customerId: string) => (await t.http.get(`/v1/customers/${customerId}`).set(book.owner.auth).expect(200)).body.figures;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', APPOINTMENT_LINK_RATE_LIMIT: String(LIMIT), APPOINTMENT_LINK_RATE_WINDOW: '10m' } });
    book = await appointmentBook(t);
    // What the module's reactions (notices, reminders) are told of each change.
    t.app.get(AppointmentChanges).register({ name: 'test: changes seen', onChange: async (change) => void changes.push(change) });
  });
  beforeEach(() => {
    ip = nextIp();
  });
  afterAll(() => t.close());

  it("shows what a link is for and the appointment's time, store and services, and nothing about the customer", async () => {
    const { id } = await book.appointment({ startInMinutes: 3 * 24 * 60 });
    const res = await get(token(id, 'confirm')).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['actionable', 'end', 'fee', 'lateCancellation', 'number', 'purpose', 'services', 'start', 'status', 'store', 'timeZone']);
    expect(res.body).toMatchObject({
      purpose: 'confirm',
      status: 'booked',
      timeZone: 'Asia/Shanghai',
      store: { name: book.store.name },
      services: [{ service: '剪发 Cut', variation: '洗剪吹 Wash and cut' }],
      actionable: true,
      lateCancellation: false,
      fee: null,
    });
    expect(res.body.start).toMatch(/\+08:00$/);
    // A cancel link two hours ahead says what cancelling would cost now.
    const soon = await book.appointment({ startInMinutes: 60 });
    expect((await get(token(soon.id, 'cancel')).expect(200)).body).toMatchObject({ purpose: 'cancel', actionable: true, lateCancellation: true, fee: FEE });
  });

  it('confirms as the customer with a genuine confirm link; tapping it again answers the same and moves nothing', async () => {
    const { id, customerId } = await book.appointment();
    const res = await post(token(id, 'confirm'), 'confirm').expect(200);
    expect(res.body).toMatchObject({ purpose: 'confirm', status: 'confirmed', actionable: false });
    expect(await history(id)).toEqual([{ to_status: 'confirmed', actor_type: 'customer', actor_id: customerId }]);
    expect(changes.filter((change) => change.appointment.id === id)).toEqual([
      expect.objectContaining({ kind: 'confirmed', actor: null, by: { type: 'customer', id: customerId } }),
    ]);
    const again = await post(token(id, 'confirm'), 'confirm').expect(200);
    expect(again.body.status).toBe('confirmed');
    expect(await history(id)).toHaveLength(1);
    expect((await row(id)).version).toBe(2);
  });

  it('refuses a cancel token to confirm and a confirm token to cancel, altered and forged tokens (404), expired ones (410), and writes nothing', async () => {
    const { id } = await book.appointment();
    const genuine = token(id, 'confirm');
    const [payload, signature] = genuine.split('.');
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const refused: Array<[string, 'confirm' | 'cancel', number, string]> = [
      [token(id, 'cancel'), 'confirm', 404, 'appointment_link.not_found'],
      [genuine, 'cancel', 404, 'appointment_link.not_found'],
      [`${flip(payload, 5)}.${signature}`, 'confirm', 404, 'appointment_link.not_found'],
      [`${payload}.${flip(signature, 3)}`, 'confirm', 404, 'appointment_link.not_found'],
      [token(id, 'confirm', undefined, 'another-secret-0123456789abcdef-0123'), 'confirm', 404, 'appointment_link.not_found'],
      [`${genuine}.extra`, 'confirm', 404, 'appointment_link.not_found'],
      ['not-a-token', 'confirm', 404, 'appointment_link.not_found'],
      [token(id, 'confirm', new Date(Date.now() - 1000)), 'confirm', 410, 'appointment_link.expired'],
      [token('00000000-0000-4000-8000-000000000000', 'confirm'), 'confirm', 404, 'appointment_link.not_found'],
    ];
    for (const [value, action, status, code] of refused) {
      ip = nextIp();
      const res = await post(value, action);
      expect([value, action, res.status, res.body.code]).toEqual([value, action, status, code]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    }
    expect((await get(token(id, 'confirm', new Date(Date.now() - 1000)))).status).toBe(410);
    expect((await get(`${payload}.${flip(signature, 3)}`)).status).toBe(404);
    expect(await row(id)).toMatchObject({ status: 'booked', version: 1 });
    expect(await history(id)).toEqual([]);
  });

  it('cancels as the customer, a reason optional; outside the window for free, inside it late with the fee, counted; the time is freed', async () => {
    const early = await book.appointment({ startInMinutes: 3 * 24 * 60 });
    const res = await post(token(early.id, 'cancel'), 'cancel').expect(200);
    expect(res.body).toMatchObject({ purpose: 'cancel', status: 'cancelled', lateCancellation: false, fee: null, actionable: false });
    expect(await row(early.id)).toMatchObject({ status: 'cancelled', cancelled_by_type: 'customer', cancelled_by_id: early.customerId });
    expect(await history(early.id)).toEqual([{ to_status: 'cancelled', actor_type: 'customer', actor_id: early.customerId }]);

    const late = await book.appointment({ startInMinutes: 45 });
    const lateRes = await post(token(late.id, 'cancel'), 'cancel', { reason: '发烧 Fever' }).expect(200);
    expect(lateRes.body).toMatchObject({ status: 'cancelled', lateCancellation: true, fee: FEE });
    const staff = await createUser(t, { role: 'receptionist', storeIds: [book.store.id] });
    expect((await t.http.get(`/v1/appointments/${late.id}`).set(staff.auth)).body).toMatchObject({ cancelReason: '发烧 Fever', cancelledByType: 'customer', fee: FEE });
    expect(await figures(late.customerId)).toMatchObject({ lateCancellationCount: 1 });
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM booking_segment WHERE appointment_id = $1 AND active', [late.id]))[0].n).toBe(0);
    // Tapped again: the same answer.
    expect((await post(token(late.id, 'cancel'), 'cancel')).body).toMatchObject({ status: 'cancelled', lateCancellation: true });
    expect(await figures(late.customerId)).toMatchObject({ lateCancellationCount: 1 });
  });

  it('refuses to cancel an appointment the customer has arrived for (409)', async () => {
    const { id } = await book.appointment({ startInMinutes: -5, status: 'checked_in' });
    const res = await post(token(id, 'cancel'), 'cancel').expect(409);
    expect(res.body).toMatchObject({ code: 'appointment.invalid_transition', currentState: 'checked_in' });
    expect((await post(token(id, 'confirm'), 'confirm')).status).toBe(409);
  });

  it(`answers 429 with Retry-After past ${LIMIT} requests from one address in the window, and still serves other addresses`, async () => {
    const { id } = await book.appointment();
    const answers = await Promise.all(Array.from({ length: LIMIT + 4 }, () => get(token(id, 'confirm'))));
    expect(answers.map((res) => res.status).sort()).toEqual([...Array(LIMIT).fill(200), ...Array(4).fill(429)]);
    const limited = answers.find((res) => res.status === 429)!;
    expect(limited.body).toMatchObject({ code: 'appointment_link.rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(token(id, 'confirm'), 'confirm')).status).toBe(429);
    expect((await row(id)).status).toBe('booked');
    ip = nextIp();
    await post(token(id, 'confirm'), 'confirm').expect(200);
  });
});
