/**
 * Customers core: profile CRUD, duplicates by phone (also two concurrent creates), If-Match,
 * validation naming the field, block/unblock, notes, consents and the timeline, figures.
 */
import { seedDemoBusiness } from '../src/cli/seed.js';
import { CustomersService } from '../src/modules/customers/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createCustomer, customerBody, fieldsOf, freshPhone, PROBLEM } from './customer-support.js';
import { raceOfTwo } from './support/race.js';

describe('customers', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let front: UserRecord;
  let beautician: UserRecord;
  let store: StoreRecord;
  beforeAll(async () => {
    t = await startTestApp();
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id], name: '陈晓雨' });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
  });
  afterAll(() => t.close());

  const patch = (id: string, version: string, body: Record<string, unknown>, auth = front.auth) =>
    t.http.patch(`/v1/customers/${id}`).set(auth).set('if-match', version).send(body);

  describe('profile', () => {
    it('registers a customer, normalising phone, e-mail and tags, recording consents, and audits it without personal values', async () => {
      const phone = freshPhone();
      const res = await t.http
        .post('/v1/customers')
        .set(front.auth)
        .send(customerBody({ phone: `${phone.slice(3, 6)} ${phone.slice(6, 10)} ${phone.slice(10)}`, homeStoreId: store.id }));
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        name: '王小红',
        phone,
        email: 'xiaohong.wang@example.com',
        birthday: '1992-05-12',
        tags: ['VIP', 'colour-regular'],
        homeStoreId: store.id,
        status: 'active',
        masked: false,
        version: 1,
        careNotes: { skinType: 'combination', hairType: null, allergies: ['PPD (hair dye)'], other: null },
        consents: { sms: { granted: true, method: 'in_store_form' }, email: null, wechat: null },
        figures: {
          visitCount: 0,
          firstVisitAt: null,
          lastVisitAt: null,
          totalSpend: { amount: 0, currency: 'CNY' },
          averageTicket: null,
          noShowCount: 0,
          lateCancellationCount: 0,
        },
      });
      expect(res.body.addresses).toEqual([expect.objectContaining({ label: 'home', city: '上海市', country: 'CN', isDefault: true, recipient: null, phone: null, line2: null })]);

      const read = await t.http.get(`/v1/customers/${res.body.id}`).set(manager.auth);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(res.body);

      const events = await t.sql<{ channel: string; granted: boolean; method: string; actor_id: string }>(
        'SELECT channel, granted, method, actor_id FROM customer_consent_event WHERE customer_id = $1',
        [res.body.id],
      );
      expect(events).toEqual([{ channel: 'sms', granted: true, method: 'in_store_form', actor_id: front.id }]);

      const audit = await t.sql<{ action: string; actor_id: string; after: Record<string, unknown> }>('SELECT action, actor_id, after FROM audit_event WHERE entity_id = $1', [
        res.body.id,
      ]);
      expect(audit).toEqual([expect.objectContaining({ action: 'customer.create', actor_id: front.id })]);
      const stored = JSON.stringify(audit[0].after);
      for (const secret of ['王小红', phone, 'xiaohong', '1992-05-12', 'PPD', 'quiet room']) expect(stored).not.toContain(secret);
      expect(audit[0].after.fields).toEqual(expect.arrayContaining(['name', 'phone', 'email', 'careNotes', 'tags']));
    });

    it('changes a customer with If-Match, records consent changes and answers 428/412 otherwise', async () => {
      const customer = await createCustomer(t, front.auth);
      const missing = await t.http.patch(`/v1/customers/${customer.id}`).set(front.auth).send({ name: 'X' });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('request.if_match_required');

      const res = await patch(customer.id, '"1"', {
        name: '王小红 Wang',
        email: null,
        tags: ['新客'],
        consents: { sms: { granted: false, method: 'sms_reply' }, wechat: { granted: true, method: 'online_checkbox', at: '2026-01-02T10:00:00+08:00' } },
      });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ name: '王小红 Wang', email: null, tags: ['新客'], version: 2 });
      expect(res.body.consents.sms).toMatchObject({ granted: false, method: 'sms_reply' });
      expect(res.body.consents.wechat).toEqual({ granted: true, method: 'online_checkbox', at: '2026-01-02T02:00:00.000Z' });

      const stale = await patch(customer.id, '"1"', { name: 'Z' });
      expect(stale.status).toBe(412);
      expect(stale.headers['content-type']).toMatch(PROBLEM);
      expect(stale.body.code).toBe('request.stale_version');
      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM customer WHERE id = $1', [customer.id]);
      expect(row).toEqual({ name: '王小红 Wang', version: 2 });

      const events = await t.sql<{ channel: string; granted: boolean }>('SELECT channel, granted FROM customer_consent_event WHERE customer_id = $1 ORDER BY created_at, channel', [
        customer.id,
      ]);
      expect(events).toEqual([
        { channel: 'sms', granted: true },
        { channel: 'sms', granted: false },
        { channel: 'wechat', granted: true },
      ]);
      // Granting what is already granted is no new consent.
      await patch(customer.id, '"2"', { consents: { wechat: { granted: true, method: 'verbal' } } }).expect(200);
      const [{ count }] = await t.sql<{ count: string }>('SELECT count(*) FROM customer_consent_event WHERE customer_id = $1', [customer.id]);
      expect(Number(count)).toBe(3);
    });

    it('lets exactly one of two concurrent PATCHes with the same version win', async () => {
      const customer = await createCustomer(t, front.auth);
      // The second reads version 1 while the first's change is not yet committed: the conditional UPDATE decides.
      const results = await raceOfTwo(
        t,
        () => patch(customer.id, '"1"', { name: 'first' }),
        () => patch(customer.id, '"1"', { name: 'second' }),
      );
      expect(results.map((r) => r.status)).toEqual([200, 412]);
      const winner = results[0];
      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM customer WHERE id = $1', [customer.id]);
      expect(row).toEqual({ name: winner.body.name, version: 2 });
    });

    it('answers 404 customer.not_found for an unknown or malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        for (const res of [await t.http.get(`/v1/customers/${id}`).set(owner.auth), await t.http.post(`/v1/customers/${id}/block`).set(owner.auth).send({ reason: 'No-shows' })]) {
          expect(res.status).toBe(404);
          expect(res.body.code).toBe('customer.not_found');
        }
      }
    });

    it('lets beauticians read but not register or change customers', async () => {
      const customer = await createCustomer(t, front.auth);
      expect((await t.http.get(`/v1/customers/${customer.id}`).set(beautician.auth)).status).toBe(200);
      expect((await t.http.post('/v1/customers').set(beautician.auth).send(customerBody())).status).toBe(403);
      expect((await patch(customer.id, '"1"', { name: 'x' }, beautician.auth)).status).toBe(403);
      expect((await t.http.post(`/v1/customers/${customer.id}/block`).set(front.auth).send({ reason: 'No-shows' })).status).toBe(403);
    });
  });

  describe('duplicates', () => {
    it('answers 409 with the existing customer id for a phone already taken, however it is written', async () => {
      const existing = await createCustomer(t, front.auth);
      const national = existing.phone.slice(3);
      const res = await t.http
        .post('/v1/customers')
        .set(front.auth)
        .send(customerBody({ phone: `+86 ${national.slice(0, 3)}-${national.slice(3)}` }));
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'customer.phone_taken', existingCustomerId: existing.id });
      expect(fieldsOf(res.body)).toEqual(['phone']);
    });

    it('answers 409 with the id to a PATCH onto a taken phone', async () => {
      const a = await createCustomer(t, front.auth);
      const b = await createCustomer(t, front.auth);
      const res = await patch(b.id, '"1"', { phone: a.phone, name: 'changed' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'customer.phone_taken', existingCustomerId: a.id });
      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM customer WHERE id = $1', [b.id]);
      expect(row).toEqual({ name: '王小红', version: 1 });
      // Its own phone is not a duplicate.
      expect((await patch(b.id, '"1"', { phone: b.phone })).status).toBe(200);
    });

    it('creates exactly one of two concurrent registrations of one phone; the other gets its id', async () => {
      for (let round = 0; round < 2; round++) {
        const phone = freshPhone();
        const register = () => t.http.post('/v1/customers').set(front.auth).send(customerBody({ phone }));
        const results = await raceOfTwo(t, register, register);
        expect(results.map((r) => r.status)).toEqual([201, 409]);
        const created = results.find((r) => r.status === 201)!;
        const refused = results.find((r) => r.status === 409)!;
        expect(refused.body).toMatchObject({ code: 'customer.phone_taken', existingCustomerId: created.body.id });
        const rows = await t.sql('SELECT id FROM customer WHERE phone = $1', [phone]);
        expect(rows).toHaveLength(1);
      }
    });
  });

  describe('validation names the field', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['an invalid phone', { phone: '12345' }, 'phone'],
      ['a phone with letters', { phone: '138abcd5678' }, 'phone'],
      ['a birthday in the future', { birthday: '2999-01-01' }, 'birthday'],
      ['an impossible birthday', { birthday: '1990-02-30' }, 'birthday'],
      ['a bad e-mail', { email: 'not-mail' }, 'email'],
      ['an unknown gender', { gender: 'unknown' }, 'gender'],
      ['an unknown source', { source: 'tv' }, 'source'],
      ['a referrer that is not a uuid', { referredById: 'abc' }, 'referredById'],
      ['an address without a city', { addresses: [{ line1: 'x' }] }, 'addresses[0].city'],
      [
        'two default addresses',
        {
          addresses: [
            { line1: 'a', city: 'b', isDefault: true },
            { line1: 'c', city: 'd', isDefault: true },
          ],
        },
        'addresses',
      ],
      ['an unknown consent method', { consents: { sms: { granted: true, method: 'telepathy' } } }, 'consents.sms.method'],
      ['a consent dated in the future', { consents: { email: { granted: true, method: 'verbal', at: '2999-01-01T00:00:00Z' } } }, 'consents.email.at'],
      ['an unknown field', { colour: 'pink' }, 'colour'],
      ['a missing name', { name: undefined }, 'name'],
    ];
    it.each(cases)('refuses %s with a 400 naming it', async (_label, overrides, field) => {
      const res = await t.http.post('/v1/customers').set(front.auth).send(customerBody(overrides));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('request.validation_failed');
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('refuses an unknown home store or referrer naming the field, not with a 500', async () => {
      const store = await t.http
        .post('/v1/customers')
        .set(front.auth)
        .send(customerBody({ homeStoreId: '00000000-0000-4000-8000-000000000000' }));
      // One answer for any id that names nothing, whether the service or the foreign key finds it.
      expect(store.status).toBe(422);
      expect(store.body).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'homeStoreId', message: 'names no store' }] });
      const referrer = await t.http
        .post('/v1/customers')
        .set(front.auth)
        .send(customerBody({ referredById: '00000000-0000-4000-8000-000000000000' }));
      expect(referrer.status).toBe(422);
      expect(referrer.body).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'referredById', message: 'names no customer' }] });
      const customer = await createCustomer(t, front.auth);
      const self = await patch(customer.id, '"1"', { referredById: customer.id });
      expect(self.status).toBe(400);
      expect(fieldsOf(self.body)).toEqual(['referredById']);
    });

    it('refuses null for the name and the phone on PATCH', async () => {
      const customer = await createCustomer(t, front.auth);
      const res = await patch(customer.id, '"1"', { name: null, phone: null });
      expect(res.status).toBe(400);
      expect([...new Set(fieldsOf(res.body))].sort()).toEqual(['name', 'phone']);
    });
  });

  describe('block, notes and timeline', () => {
    it('blocks and unblocks idempotently, managers only', async () => {
      const customer = await createCustomer(t, front.auth);
      const blocked = await t.http.post(`/v1/customers/${customer.id}/block`).set(manager.auth).send({ reason: 'Three no-shows in October.' });
      expect(blocked.status).toBe(200);
      expect(blocked.body).toMatchObject({ status: 'blocked', version: 2 });
      expect((await t.http.post(`/v1/customers/${customer.id}/block`).set(manager.auth).send({ reason: 'again' })).body).toMatchObject({ status: 'blocked', version: 2 });
      // A blocked customer may still be edited.
      expect((await patch(customer.id, '"2"', { notes: 'Prefers mornings.' })).status).toBe(200);
      const active = await t.http.post(`/v1/customers/${customer.id}/unblock`).set(owner.auth);
      expect(active.body).toMatchObject({ status: 'active', version: 4 });
      const actions = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at, id', [customer.id]);
      expect(actions.map((a) => a.action)).toEqual(['customer.create', 'customer.block', 'customer.update', 'customer.unblock']);
    });

    it("needs a reason to block, keeps it (and an unblock's) on the timeline, and refuses unknown fields", async () => {
      const customer = await createCustomer(t, front.auth);
      const block = (body?: object) => {
        const request = t.http.post(`/v1/customers/${customer.id}/block`).set(manager.auth);
        return body === undefined ? request : request.send(body);
      };
      for (const [body, field] of [
        [undefined, 'reason'],
        [{}, 'reason'],
        [{ reason: '   ' }, 'reason'],
        [{ reason: 'x'.repeat(501) }, 'reason'],
        [{ reason: 'No-shows', until: '2027-01-01' }, 'until'],
      ] as const) {
        const res = await block(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('request.validation_failed');
        expect(fieldsOf(res.body)).toContain(field);
      }
      expect((await t.http.get(`/v1/customers/${customer.id}`).set(owner.auth)).body.status).toBe('active');
      const unknownOnUnblock = await t.http.post(`/v1/customers/${customer.id}/unblock`).set(owner.auth).send({ why: 'x' });
      expect(unknownOnUnblock.status).toBe(400);
      expect(fieldsOf(unknownOnUnblock.body)).toEqual(['why']);

      await block({ reason: '  Three no-shows in October.  ' }).expect(200);
      await t.http.post(`/v1/customers/${customer.id}/unblock`).set(owner.auth).send({ reason: 'Paid a deposit.' }).expect(200);
      await block({ reason: 'Abusive on the phone.' }).expect(200);
      await t.http.post(`/v1/customers/${customer.id}/unblock`).set(owner.auth).expect(200);

      const timeline = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(front.auth);
      const statuses = timeline.body.data.filter((e: { source: string }) => e.source === 'status');
      expect(statuses.map((e: { type: string; data: unknown; actor: unknown }) => [e.type, e.data, e.actor])).toEqual([
        ['profile.unblocked', { status: 'active', reason: null }, { type: 'user', id: owner.id, name: owner.name }],
        ['profile.blocked', { status: 'blocked', reason: 'Abusive on the phone.' }, { type: 'user', id: manager.id, name: manager.name }],
        ['profile.unblocked', { status: 'active', reason: 'Paid a deposit.' }, { type: 'user', id: owner.id, name: owner.name }],
        ['profile.blocked', { status: 'blocked', reason: 'Three no-shows in October.' }, { type: 'user', id: manager.id, name: manager.name }],
      ]);
      expect(statuses[1].summary).toBe('Customer blocked: Abusive on the phone.');
      // Each block or unblock is told once (not again from the audit trail), and its audit row points at it.
      expect(timeline.body.data.filter((e: { type: string }) => e.type === 'profile.blocked')).toHaveLength(2);
      const audit = await t.sql<{ after: { statusEventId: string } }>("SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'customer.block' ORDER BY created_at", [
        customer.id,
      ]);
      expect(audit.map((row) => `status:${row.after.statusEventId}`)).toEqual([statuses[3].id, statuses[1].id]);
      // A key without customers:pii sees that it happened, not the free-text reason.
      const key = await createApiKey(t, { scopes: ['customers:read'] });
      const keyView = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(key.auth);
      expect(JSON.stringify(keyView.body)).not.toContain('Abusive');
    });

    it('names who did what on every timeline entry', async () => {
      const customer = await createCustomer(t, front.auth, { consents: { sms: { granted: true, method: 'verbal' } } });
      await patch(customer.id, '"1"', { tags: ['VIP'] }).expect(200);
      await t.http.post(`/v1/customers/${customer.id}/notes`).set(beautician.auth).send({ body: 'Likes lavender.' }).expect(201);
      const key = await createApiKey(t, { scopes: ['customers:write', 'customers:pii'] });
      await t.http.post(`/v1/customers/${customer.id}/notes`).set(key.auth).send({ body: 'Synced from the app.' }).expect(201);
      const timeline = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(owner.auth);
      const actors = Object.fromEntries(timeline.body.data.map((e: { type: string; summary: string; actor: unknown }) => [`${e.type} ${e.summary}`, e.actor]));
      expect(actors).toEqual({
        'profile.created Customer record created': { type: 'user', id: front.id, name: front.name },
        'consent.granted SMS marketing consent given (verbal)': { type: 'user', id: front.id, name: front.name },
        'profile.updated Profile changed: tags': { type: 'user', id: front.id, name: front.name },
        [`note.added Note by ${beautician.name}`]: { type: 'user', id: beautician.id, name: beautician.name },
        [`note.added Note by ${key.name}`]: { type: 'api_key', id: key.id, name: key.name },
      });
    });

    it('adds notes by any staff member, and lists profile changes, consents and notes newest first, page by page', async () => {
      const customer = await createCustomer(t, front.auth);
      await patch(customer.id, '"1"', { email: 'new@example.com', tags: ['VIP'] }).expect(200);
      const note = await t.http.post(`/v1/customers/${customer.id}/notes`).set(beautician.auth).send({ body: '  Asked for the same room next time.  ' });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ customerId: customer.id, body: 'Asked for the same room next time.', authorId: beautician.id });
      const empty = await t.http.post(`/v1/customers/${customer.id}/notes`).set(front.auth).send({ body: '   ' });
      expect(empty.status).toBe(400);
      expect(fieldsOf(empty.body)).toEqual(['body']);
      await patch(customer.id, '"2"', { consents: { email: { granted: true, method: 'online_checkbox' } } }).expect(200);

      const all = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(beautician.auth);
      expect(all.status).toBe(200);
      const types = all.body.data.map((e: { type: string }) => e.type);
      expect([...types].sort()).toEqual(['consent.granted', 'consent.granted', 'note.added', 'profile.created', 'profile.updated', 'profile.updated']);
      // The last change comes first, the record's creation (and the consent given with it) last.
      expect(types.slice(0, 2).sort()).toEqual(['consent.granted', 'profile.updated']);
      expect(types.slice(-2).sort()).toEqual(['consent.granted', 'profile.created']);
      const times = all.body.data.map((e: { at: string }) => Date.parse(e.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const update = all.body.data.find((e: { type: string; data: { fields: string[] } }) => e.type === 'profile.updated' && e.data.fields.includes('email'));
      expect(update.data.fields.sort()).toEqual(['email', 'tags']);
      expect(update.summary).toContain('email');
      expect(JSON.stringify(all.body)).not.toContain('new@example.com');
      const noteEntry = all.body.data.find((e: { type: string }) => e.type === 'note.added');
      expect(noteEntry).toMatchObject({ source: 'notes', data: { body: 'Asked for the same room next time.' }, actor: { id: beautician.id } });

      // Pages of 2 walk the same entries, none repeated or skipped.
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get(`/v1/customers/${customer.id}/timeline`)
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(owner.auth);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((e: { id: string }) => e.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.body.data.map((e: { id: string }) => e.id));

      const bad = await t.http.get(`/v1/customers/${customer.id}/timeline`).query({ cursor: 'nonsense' }).set(owner.auth);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['cursor']);
    });

    it('leaves note texts out of the timeline for an API key without customers:pii', async () => {
      const customer = await createCustomer(t, front.auth);
      await t.http.post(`/v1/customers/${customer.id}/notes`).set(front.auth).send({ body: 'Private remark' }).expect(201);
      const key = await createApiKey(t, { scopes: ['customers:read'] });
      const res = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(key.auth);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('Private remark');
      expect(res.body.data.find((e: { type: string }) => e.type === 'note.added').data).toEqual({ noteId: expect.any(String) });
    });
  });

  describe('demo data', () => {
    it('seeds ten demo customers through the service, once', async () => {
      const first = await seedDemoBusiness(t.app);
      expect(first.created.filter((item) => item.startsWith('customer '))).toHaveLength(10);
      const second = await seedDemoBusiness(t.app);
      expect(second.created).toEqual([]);
      const rows = await t.sql<{ name: string; referred: string | null }>(
        `SELECT c.name, r.name AS referred FROM customer c LEFT JOIN customer r ON r.id = c.referred_by_id WHERE c.phone LIKE '+86139000000%' OR c.phone LIKE '+852%' ORDER BY c.phone`,
      );
      expect(rows).toHaveLength(10);
      expect(rows.find((row) => row.name === '李静')!.referred).toBe('王小红');
      const audits = await t.sql("SELECT 1 FROM audit_event WHERE action = 'customer.create' AND request_id = 'demo-seed'");
      expect(audits).toHaveLength(10);
    });
  });

  describe('figures', () => {
    it('shows figures recorded by recordActivity, and concurrent calls add up exactly', async () => {
      const customer = await createCustomer(t, front.auth);
      const service = t.app.get(CustomersService);
      const visits = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i, 2)));
      await Promise.all(visits.map((visitAt, i) => service.recordActivity(customer.id, { visitAt, spend: { amount: 10_000 + i, currency: 'CNY' } })));
      await Promise.all([0, 1, 2].map(() => service.recordActivity(customer.id, { noShow: true })));
      await Promise.all([0, 1].map(() => service.recordActivity(customer.id, { lateCancellation: true })));
      const res = await t.http.get(`/v1/customers/${customer.id}`).set(front.auth);
      const spend = visits.reduce((sum, _, i) => sum + 10_000 + i, 0);
      expect(res.body.figures).toEqual({
        visitCount: 20,
        firstVisitAt: '2026-01-01T02:00:00.000Z',
        lastVisitAt: '2026-01-20T02:00:00.000Z',
        totalSpend: { amount: spend, currency: 'CNY' },
        averageTicket: { amount: Math.round(spend / 20), currency: 'CNY' },
        noShowCount: 3,
        lateCancellationCount: 2,
      });
      // Figures are not an edit: the version people edit against does not move.
      expect(res.body.version).toBe(1);
    });

    it('refuses another currency and an unknown customer, changing nothing', async () => {
      const customer = await createCustomer(t, front.auth);
      const service = t.app.get(CustomersService);
      await service.recordActivity(customer.id, { spend: { amount: 500, currency: 'CNY' } });
      await expect(service.recordActivity(customer.id, { spend: { amount: 500, currency: 'HKD' } })).rejects.toMatchObject({ code: 'customer.currency_mismatch' });
      await expect(service.recordActivity('00000000-0000-4000-8000-000000000000', { noShow: true })).rejects.toMatchObject({ code: 'customer.not_found' });
      const [row] = await t.sql<{ spend_total: string; ticket_count: number }>('SELECT spend_total, ticket_count FROM customer WHERE id = $1', [customer.id]);
      expect(row).toEqual({ spend_total: '500', ticket_count: 1 });
    });

    it("joins the caller's transaction: a rollback takes the figures with it", async () => {
      const customer = await createCustomer(t, front.auth);
      const service = t.app.get(CustomersService);
      const { Db } = await import('../src/common/database/index.js');
      const db = t.app.get(Db);
      await expect(
        db.transaction(async () => {
          await service.recordActivity(customer.id, { visitAt: new Date() });
          throw new Error('the order failed');
        }),
      ).rejects.toThrow('the order failed');
      const [row] = await t.sql<{ visit_count: number }>('SELECT visit_count FROM customer WHERE id = $1', [customer.id]);
      expect(row.visit_count).toBe(0);
    });
  });
});
