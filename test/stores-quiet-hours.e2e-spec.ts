import { NotificationRecipients } from '../src/modules/notifications/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { storeBody } from './support/store-bodies.js';

describe('stores: quiet hours', () => {
  let t: TestApp;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => t.http.post('/v1/stores').set(owner.auth).send(body);
  const patch = (id: string, version: number, body: Record<string, unknown>) => t.http.patch(`/v1/stores/${id}`).set(owner.auth).set('if-match', `"${version}"`).send(body);

  it('gives a new store 21:30–08:30 when left out, and a store made before the column existed too', async () => {
    const created = await create(storeBody());
    expect(created.status).toBe(201);
    expect(created.body.quietHours).toEqual({ start: '21:30', end: '08:30' });
    // A row inserted without the columns (as every store before the migration) reads the same.
    const old = await createStore(t);
    const read = await t.http.get(`/v1/stores/${old.id}`).set(owner.auth);
    expect(read.body.quietHours).toEqual({ start: '21:30', end: '08:30' });
  });

  it('stores the hours given, spanning midnight or not, and none for null; they round-trip through PATCH', async () => {
    const created = await create(storeBody({ quietHours: { start: '22:00', end: '09:15' } }));
    expect(created.status).toBe(201);
    expect(created.body.quietHours).toEqual({ start: '22:00', end: '09:15' });

    const daytime = await patch(created.body.id, 1, { quietHours: { start: '12:00', end: '14:00' } });
    expect(daytime.status).toBe(200);
    expect(daytime.body).toMatchObject({ quietHours: { start: '12:00', end: '14:00' }, version: 2 });

    const none = await patch(created.body.id, 2, { quietHours: null });
    expect(none.status).toBe(200);
    expect(none.body.quietHours).toBeNull();
    const read = await t.http.get(`/v1/stores/${created.body.id}`).set(owner.auth);
    expect(read.body.quietHours).toBeNull();

    // Other changes leave them alone.
    const renamed = await patch(created.body.id, 3, { name: 'Bloom 新天地店' });
    expect(renamed.body.quietHours).toBeNull();

    const noneAtCreation = await create(storeBody({ quietHours: null }));
    expect(noneAtCreation.body.quietHours).toBeNull();
  });

  it('refuses a start equal to the end, malformed times and a non-object with a 400 naming the field, changing nothing', async () => {
    const { body: store } = await create(storeBody());
    const cases: Array<[unknown, string]> = [
      [{ start: '21:30', end: '21:30' }, 'quietHours.end'],
      [{ start: '24:00', end: '08:30' }, 'quietHours.start'],
      [{ start: '21:30', end: '8:30' }, 'quietHours.end'],
      [{ start: '21:30' }, 'quietHours.end'],
      [{ start: 2130, end: '08:30' }, 'quietHours.start'],
      ['21:30-08:30', 'quietHours'],
      [[{ start: '21:30', end: '08:30' }], 'quietHours'],
    ];
    for (const [quietHours, field] of cases) {
      const res = await patch(store.id, 1, { quietHours });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    const refusedCreate = await create(storeBody({ quietHours: { start: '08:00', end: '08:00' } }));
    expect(refusedCreate.status).toBe(400);
    expect(fieldsOf(refusedCreate.body)).toEqual(['quietHours.end']);

    const read = await t.http.get(`/v1/stores/${store.id}`).set(owner.auth);
    expect(read.body).toMatchObject({ version: 1, quietHours: { start: '21:30', end: '08:30' } });
    // The database refuses them too, whatever writes them.
    await expect(t.sql(`UPDATE store SET quiet_hours_start = '08:00', quiet_hours_end = '08:00' WHERE id = $1`, [store.id])).rejects.toThrow(/ck_store_quiet_hours/);
    await expect(t.sql(`UPDATE store SET quiet_hours_start = NULL WHERE id = $1`, [store.id])).rejects.toThrow(/ck_store_quiet_hours/);
  });

  it('tells notifications each store’s time zone and quiet hours, for many stores in one call', async () => {
    const shanghai = (await create(storeBody())).body;
    const london = (await create(storeBody({ timeZone: 'Europe/London', quietHours: { start: '20:00', end: '07:00' } }))).body;
    const silent = (await create(storeBody({ quietHours: null }))).body;
    const settings = await t.app.get(NotificationRecipients).stores.settings([shanghai.id, london.id, silent.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']);
    expect([...settings.keys()].sort()).toEqual([shanghai.id, london.id, silent.id].sort());
    expect(settings.get(shanghai.id)).toEqual({ storeId: shanghai.id, timeZone: 'Asia/Shanghai', quietHours: { start: '21:30', end: '08:30' } });
    expect(settings.get(london.id)).toEqual({ storeId: london.id, timeZone: 'Europe/London', quietHours: { start: '20:00', end: '07:00' } });
    expect(settings.get(silent.id)).toEqual({ storeId: silent.id, timeZone: 'Asia/Shanghai', quietHours: null });
    expect((await t.app.get(NotificationRecipients).stores.settings([])).size).toBe(0);
  });
});
