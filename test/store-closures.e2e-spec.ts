import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { storeBody } from './support/store-bodies.js';
import { fieldsOf } from './support/responses.js';

describe('store closures, special hours and opening hours', () => {
  let t: TestApp;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  async function newStore(overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await t.http.post('/v1/stores').set(owner.auth).send(storeBody(overrides));
    expect(res.status).toBe(201);
    return res.body;
  }
  const closures = (storeId: string) => `/v1/stores/${storeId}/closures`;

  it('records closures and special hours, lists them in date order, and refuses a second entry for a date', async () => {
    const store = await newStore();
    const manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    const festival = await t.http.post(closures(store.id)).set(manager.auth).send({ date: '2027-02-07', kind: 'closed', reason: '春节 Spring Festival' });
    expect(festival.status).toBe(201);
    expect(festival.body).toMatchObject({ storeId: store.id, date: '2027-02-07', kind: 'closed', intervals: [], reason: '春节 Spring Festival' });
    const eve = await t.http
      .post(closures(store.id))
      .set(owner.auth)
      .send({
        date: '2027-02-06',
        kind: 'special_hours',
        intervals: [
          { open: '13:00', close: '15:00' },
          { open: '10:00', close: '12:00' },
        ],
        reason: '除夕 Spring Festival eve',
      });
    expect(eve.status).toBe(201);
    expect(eve.body.intervals).toEqual([
      { open: '10:00', close: '12:00' },
      { open: '13:00', close: '15:00' },
    ]);
    await t.http.post(closures(store.id)).set(owner.auth).send({ date: '2027-10-01', kind: 'closed', reason: '国庆节 National Day' }).expect(201);

    const duplicate = await t.http
      .post(closures(store.id))
      .set(owner.auth)
      .send({ date: '2027-02-07', kind: 'special_hours', intervals: [{ open: '10:00', close: '14:00' }], reason: 'again' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('store_closure.date_taken');
    expect(fieldsOf(duplicate.body)).toEqual(['date']);
    // Another store may close on the same date.
    const other = await newStore();
    await t.http.post(closures(other.id)).set(owner.auth).send({ date: '2027-02-07', kind: 'closed', reason: '春节' }).expect(201);

    const first = await t.http.get(closures(store.id)).query({ limit: 2 }).set(manager.auth);
    expect(first.status).toBe(200);
    expect(first.body.data.map((c: { date: string }) => c.date)).toEqual(['2027-02-06', '2027-02-07']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http.get(closures(store.id)).query({ limit: 2, cursor: first.body.nextCursor }).set(manager.auth);
    expect(second.body).toEqual({ data: [expect.objectContaining({ date: '2027-10-01' })], nextCursor: null });
    const ranged = await t.http.get(closures(store.id)).query({ from: '2027-02-07', to: '2027-09-30' }).set(manager.auth);
    expect(ranged.body.data.map((c: { date: string }) => c.date)).toEqual(['2027-02-07']);

    const audits = await t.sql<{ action: string; store_id: string }>("SELECT action, store_id FROM audit_event WHERE entity_type = 'store_closure' AND store_id = $1", [store.id]);
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.action === 'store_closure.create')).toBe(true);
  });

  it('deletes a closure (audited with what it was), then answers 404 for it', async () => {
    const store = await newStore();
    const { body: closure } = await t.http.post(closures(store.id)).set(owner.auth).send({ date: '2027-05-01', kind: 'closed', reason: '劳动节 Labour Day' }).expect(201);
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    expect((await t.http.delete(`${closures(store.id)}/${closure.id}`).set(receptionist.auth)).status).toBe(403);

    const removed = await t.http.delete(`${closures(store.id)}/${closure.id}`).set(owner.auth);
    expect(removed.status).toBe(204);
    expect((await t.http.get(closures(store.id)).set(owner.auth)).body.data).toEqual([]);
    const [audit] = await t.sql<{ store_id: string; before: { reason: string } }>(
      "SELECT store_id, before FROM audit_event WHERE action = 'store_closure.delete' AND entity_id = $1",
      [closure.id],
    );
    expect(audit).toEqual({ store_id: store.id, before: expect.objectContaining({ date: '2027-05-01', reason: '劳动节 Labour Day' }) });

    const again = await t.http.delete(`${closures(store.id)}/${closure.id}`).set(owner.auth);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('store_closure.not_found');
    // A closure id of another store is not found under this one.
    const other = await newStore();
    const { body: foreign } = await t.http.post(closures(other.id)).set(owner.auth).send({ date: '2027-05-01', kind: 'closed', reason: 'x' });
    expect((await t.http.delete(`${closures(store.id)}/${foreign.id}`).set(owner.auth)).status).toBe(404);
    expect(await t.sql('SELECT 1 FROM store_closure WHERE id = $1', [foreign.id])).toHaveLength(1);
  });

  it.each([
    ['special hours without intervals', { date: '2027-02-06', kind: 'special_hours', reason: 'x' }, 'intervals'],
    ['special hours with an empty list', { date: '2027-02-06', kind: 'special_hours', intervals: [], reason: 'x' }, 'intervals'],
    ['a closed day with intervals', { date: '2027-02-06', kind: 'closed', intervals: [{ open: '10:00', close: '12:00' }], reason: 'x' }, 'intervals'],
    [
      'overlapping special hours',
      {
        date: '2027-02-06',
        kind: 'special_hours',
        intervals: [
          { open: '10:00', close: '12:00' },
          { open: '11:00', close: '13:00' },
        ],
        reason: 'x',
      },
      'intervals',
    ],
    ['a date that does not exist', { date: '2027-02-30', kind: 'closed', reason: 'x' }, 'date'],
    ['an unknown kind', { date: '2027-02-06', kind: 'holiday', reason: 'x' }, 'kind'],
    ['no reason', { date: '2027-02-06', kind: 'closed' }, 'reason'],
  ])('refuses %s with a 400 naming the field', async (_label, body, field) => {
    const store = await newStore();
    const res = await t.http.post(closures(store.id)).set(owner.auth).send(body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('accepts a closed day with an empty interval list', async () => {
    const store = await newStore();
    await t.http.post(closures(store.id)).set(owner.auth).send({ date: '2027-02-06', kind: 'closed', intervals: [], reason: 'x' }).expect(201);
  });

  it('answers opening hours per date with weekly hours, a closure and special hours applied, in the store offset', async () => {
    const store = await newStore();
    await t.http
      .post(closures(store.id))
      .set(owner.auth)
      .send({ date: '2027-02-06', kind: 'special_hours', intervals: [{ open: '10:00', close: '15:00' }], reason: '除夕' })
      .expect(201);
    await t.http.post(closures(store.id)).set(owner.auth).send({ date: '2027-02-08', kind: 'closed', reason: '春节' }).expect(201);
    const beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    const res = await t.http.get(`/v1/stores/${store.id}/opening-hours`).query({ from: '2027-02-05', to: '2027-02-09' }).set(beautician.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      storeId: store.id,
      timeZone: 'Asia/Shanghai',
      days: [
        { date: '2027-02-05', weekday: 'friday', source: 'weekly', reason: null, intervals: [{ opensAt: '2027-02-05T10:00:00+08:00', closesAt: '2027-02-05T22:00:00+08:00' }] },
        {
          date: '2027-02-06',
          weekday: 'saturday',
          source: 'special_hours',
          reason: '除夕',
          intervals: [{ opensAt: '2027-02-06T10:00:00+08:00', closesAt: '2027-02-06T15:00:00+08:00' }],
        },
        { date: '2027-02-07', weekday: 'sunday', source: 'weekly', reason: null, intervals: [] },
        { date: '2027-02-08', weekday: 'monday', source: 'closed', reason: '春节', intervals: [] },
        { date: '2027-02-09', weekday: 'tuesday', source: 'weekly', reason: null, intervals: [{ opensAt: '2027-02-09T10:00:00+08:00', closesAt: '2027-02-09T21:00:00+08:00' }] },
      ],
    });
  });

  it('follows a DST change in the store time zone (Berlin)', async () => {
    const store = await newStore({ timeZone: 'Europe/Berlin', phone: '+49 30 901820', address: { line1: 'Friedrichstraße 1', city: 'Berlin', country: 'DE' } });
    const res = await t.http.get(`/v1/stores/${store.id}/opening-hours`).query({ from: '2027-03-26', to: '2027-03-29' }).set(owner.auth);
    expect(res.status).toBe(200);
    const opens = res.body.days.map((d: { intervals: Array<{ opensAt: string }> }) => d.intervals[0]?.opensAt ?? null);
    // Friday and Saturday before the change at +01:00, Monday after it at +02:00; closed on Sunday.
    expect(opens).toEqual(['2027-03-26T10:00:00+01:00', '2027-03-27T09:30:00+01:00', null, '2027-03-29T10:00:00+02:00']);
  });

  it('validates the range: both dates, in order, at most 62 days', async () => {
    const store = await newStore();
    const ask = (query: Record<string, string>) => t.http.get(`/v1/stores/${store.id}/opening-hours`).query(query).set(owner.auth);
    const ok = await ask({ from: '2027-01-01', to: '2027-03-03' });
    expect(ok.status).toBe(200);
    expect(ok.body.days).toHaveLength(62);
    const tooLong = await ask({ from: '2027-01-01', to: '2027-03-04' });
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong.body)).toEqual(['to']);
    const reversed = await ask({ from: '2027-01-10', to: '2027-01-01' });
    expect(reversed.status).toBe(400);
    expect(fieldsOf(reversed.body)).toEqual(['to']);
    const missing = await ask({ to: '2027-01-01' });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing.body)).toEqual(['from']);
    const malformed = await ask({ from: 'tomorrow', to: '2027-01-01' });
    expect(fieldsOf(malformed.body)).toEqual(['from']);
  });
});
