/** Merging duplicate customers: history moved, figures summed, references kept resolvable, event emitted. */
import { CustomersService } from '../src/modules/customers/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { createCustomer, customerBody, fieldsOf, freshPhone } from './customer-support.js';
import { raceOfTwo } from './support/race.js';

describe('customer merge', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let front: UserRecord;
  let beautician: UserRecord;
  let service: CustomersService;
  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    service = t.app.get(CustomersService);
  });
  afterAll(() => t.close());

  const merge = (survivorId: string, duplicateId: string, auth: Record<string, string> = manager.auth) =>
    t.http.post(`/v1/customers/${survivorId}/merge`).set(auth).send({ duplicateId });

  it('moves history, fills and unites fields, sums figures, and leaves the duplicate pointing at the survivor', async () => {
    const survivor = await createCustomer(t, front.auth, {
      email: null,
      birthday: null,
      tags: ['VIP'],
      addresses: [],
      careNotes: { skinType: 'dry', allergies: ['PPD (hair dye)'] },
      consents: { sms: { granted: true, method: 'in_store_form', at: '2026-01-01T00:00:00Z' } },
    });
    const duplicate = await createCustomer(t, front.auth, {
      name: 'Xiaohong Wang',
      email: 'xh@example.com',
      birthday: '1990-01-01',
      tags: ['新客', 'VIP'],
      careNotes: { skinType: 'oily', allergies: ['fragrance'] },
      consents: { sms: { granted: false, method: 'sms_reply', at: '2026-02-01T00:00:00Z' } },
    });
    const referred = await createCustomer(t, front.auth, { referredById: duplicate.id });
    expect(referred.source).toBe('walk_in');
    // An earlier duplicate of the duplicate, without consents (its own would be newer than both).
    const older = await createCustomer(t, front.auth, { consents: {}, tags: [] });
    await merge(duplicate.id, older.id).expect(200);

    await t.http.post(`/v1/customers/${duplicate.id}/notes`).set(front.auth).send({ body: 'Note on the duplicate' }).expect(201);
    await service.recordActivity(survivor.id, { visitAt: new Date('2026-03-10T02:00:00Z'), spend: { amount: 10_000, currency: 'CNY' } });
    await service.recordActivity(duplicate.id, { visitAt: new Date('2025-12-01T02:00:00Z'), spend: { amount: 30_000, currency: 'CNY' } });
    await service.recordActivity(duplicate.id, { visitAt: new Date('2026-04-01T02:00:00Z'), noShow: true });
    await service.recordActivity(duplicate.id, { lateCancellation: true });

    const res = await merge(survivor.id, duplicate.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: survivor.id,
      name: '王小红',
      phone: survivor.phone,
      email: 'xh@example.com',
      birthday: '1990-01-01',
      status: 'active',
      version: 2,
      careNotes: { skinType: 'dry', allergies: ['PPD (hair dye)', 'fragrance'] },
      consents: { sms: { granted: false, method: 'sms_reply', at: '2026-02-01T00:00:00.000Z' } },
      figures: {
        visitCount: 3,
        firstVisitAt: '2025-12-01T02:00:00.000Z',
        lastVisitAt: '2026-04-01T02:00:00.000Z',
        totalSpend: { amount: 40_000, currency: 'CNY' },
        averageTicket: { amount: 20_000, currency: 'CNY' },
        noShowCount: 1,
        lateCancellationCount: 1,
      },
    });
    expect(res.body.tags).toEqual(['VIP', '新客']);
    expect(res.body.addresses).toHaveLength(1);

    // The duplicate still answers, as merged, pointing at the survivor, its phone freed and figures moved.
    const old = await t.http.get(`/v1/customers/${duplicate.id}`).set(front.auth);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({
      status: 'merged',
      mergedIntoId: survivor.id,
      phone: null,
      otherPhones: [],
      figures: { visitCount: 0, totalSpend: { amount: 0 }, lateCancellationCount: 0 },
    });
    expect((await t.http.get(`/v1/customers/${older.id}`).set(front.auth)).body.mergedIntoId).toBe(survivor.id);
    expect((await t.http.get(`/v1/customers/${referred.id}`).set(front.auth)).body.referredById).toBe(survivor.id);
    expect(await service.resolveId(older.id)).toBe(survivor.id);

    const notes = await t.sql<{ customer_id: string }>("SELECT customer_id FROM customer_note WHERE body = 'Note on the duplicate'");
    expect(notes).toEqual([{ customer_id: survivor.id }]);
    const consentOwners = await t.sql<{ customer_id: string }>('SELECT DISTINCT customer_id FROM customer_consent_event WHERE customer_id = ANY($1::uuid[])', [
      [survivor.id, duplicate.id],
    ]);
    expect(consentOwners).toEqual([{ customer_id: survivor.id }]);

    // The durable event was written with the merge (tests/durable-events.e2e-spec.ts covers its delivery).
    const events = await t.sql<{ payload: unknown }>(`SELECT payload FROM event WHERE name = 'customer.merged' AND payload->>'survivorId' = $1`, [survivor.id]);
    expect(events.map((e) => e.payload)).toEqual([{ survivorId: survivor.id, mergedId: duplicate.id }]);

    // The survivor's timeline tells the whole story, the duplicate's included.
    const timeline = await t.http.get(`/v1/customers/${survivor.id}/timeline`).query({ limit: 100 }).set(owner.auth);
    const entries: Array<{ type: string; data: Record<string, unknown> }> = timeline.body.data;
    expect(entries[0]).toMatchObject({ type: 'profile.merged', data: { mergedId: duplicate.id } });
    expect(
      entries
        .filter((e) => e.type === 'profile.created')
        .map((e) => e.data.customerId)
        .sort(),
    ).toEqual([survivor.id, duplicate.id, older.id].sort());
    expect(
      entries
        .filter((e) => e.type.startsWith('consent.'))
        .map((e) => e.type)
        .sort(),
    ).toEqual(['consent.granted', 'consent.withdrawn']);
    expect(entries.some((e) => e.type === 'note.added')).toBe(true);

    // The duplicate's phone is now one of the survivor's: registering it again names the survivor.
    const again = await t.http
      .post('/v1/customers')
      .set(front.auth)
      .send(customerBody({ phone: duplicate.phone }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'customer.phone_taken', existingCustomerId: survivor.id });
    // Activity sent to the merged id lands on the survivor.
    await service.recordActivity(duplicate.id, { noShow: true });
    expect((await t.http.get(`/v1/customers/${survivor.id}`).set(front.auth)).body.figures.noShowCount).toBe(2);
  });

  it('loses nothing the duplicate knew: its numbers, e-mails, notes, source and block stay with the person', async () => {
    const secondPhone = freshPhone();
    const duplicate = await createCustomer(t, front.auth, {
      name: 'Xiaohong Wang',
      email: 'xh@old.example.com',
      otherEmails: ['xh@school.example.com'],
      otherPhones: [{ number: secondPhone, label: 'work' }],
      source: 'campaign',
      notes: 'Allergic to latex gloves, bring nitrile.',
      consents: { wechat: { granted: true, method: 'verbal' } },
    });
    await t.http.post(`/v1/customers/${duplicate.id}/block`).set(manager.auth).send({ reason: 'Unpaid balance from 2025.' }).expect(200);
    await t.http.post(`/v1/customers/${duplicate.id}/notes`).set(front.auth).send({ body: 'Likes the corner room.' }).expect(201);
    const survivor = await createCustomer(t, front.auth, { email: 'xh@new.example.com', source: 'walk_in', notes: 'Prefers a quiet room.', consents: {} });

    const res = await merge(survivor.id, duplicate.id);
    expect(res.status).toBe(200);
    // Numbers added in one transaction are listed by number.
    const brought = [duplicate.phone as string, secondPhone].sort();
    expect(res.body).toMatchObject({
      phone: survivor.phone,
      otherPhones: brought.map((number) => ({ number, label: number === secondPhone ? 'work' : null })),
      email: 'xh@new.example.com',
      otherEmails: ['xh@old.example.com', 'xh@school.example.com'],
      source: 'campaign',
      notes: 'Prefers a quiet room.\n\nAllergic to latex gloves, bring nitrile.',
      status: 'blocked',
    });

    // Both of the duplicate's numbers still find the person, and neither comes back as a new record.
    for (const phone of [duplicate.phone, secondPhone]) {
      const found = await t.http.get('/v1/customers').query({ phone }).set(front.auth);
      expect(found.body.data.map((c: { id: string }) => c.id)).toEqual([survivor.id]);
      const again = await t.http.post('/v1/customers').set(front.auth).send(customerBody({ phone }));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ existingCustomerId: survivor.id, existingCustomer: { name: '王小红', phone: survivor.phone } });
    }

    // The timeline names the duplicate (its number masked for a beautician) and marks what came from it.
    const timeline = await t.http.get(`/v1/customers/${survivor.id}/timeline`).query({ limit: 100 }).set(beautician.auth);
    const entries: Array<{ type: string; summary: string; source: string; mergedFrom: unknown; data: Record<string, unknown> }> = timeline.body.data;
    const masked = (e164: string) => `${e164.slice(3, 6)}****${e164.slice(-4)}`;
    expect(entries[0]).toMatchObject({
      type: 'profile.merged',
      mergedFrom: null,
      summary: `Duplicate record Xiaohong Wang (${brought.map(masked).join(', ')}) merged into this one`,
      data: { mergedId: duplicate.id, mergedName: 'Xiaohong Wang', mergedPhones: brought.map(masked) },
    });
    expect(JSON.stringify(timeline.body)).not.toContain(duplicate.phone);
    const fromDuplicate = { id: duplicate.id, name: 'Xiaohong Wang' };
    for (const type of ['note.added', 'profile.blocked', 'consent.granted', 'profile.created']) {
      const moved = entries.filter((e) => e.type === type && e.mergedFrom !== null);
      expect(moved.map((e) => e.mergedFrom)).toEqual([fromDuplicate]);
      expect(moved[0].summary).toMatch(/\(from merged record Xiaohong Wang\)$/);
    }
    expect(entries.find((e) => e.type === 'profile.blocked')!.data.reason).toBe('Unpaid balance from 2025.');
    expect(entries.filter((e) => e.type === 'profile.created' && e.mergedFrom === null)).toHaveLength(1);
  });

  it('refuses to merge a record into itself, twice, into a merged record, or an unknown one', async () => {
    const a = await createCustomer(t, front.auth);
    const b = await createCustomer(t, front.auth);
    const self = await merge(a.id, a.id);
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('customer.merge_self');
    expect(fieldsOf(self.body)).toEqual(['duplicateId']);

    await merge(a.id, b.id).expect(200);
    const twice = await merge(a.id, b.id);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'customer.already_merged', mergedIntoId: a.id });
    const intoMerged = await merge(b.id, (await createCustomer(t, front.auth)).id);
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.body).toMatchObject({ code: 'customer.merged', mergedIntoId: a.id });
    const edit = await t.http.patch(`/v1/customers/${b.id}`).set(front.auth).set('if-match', '"2"').send({ name: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('customer.merged');

    const unknown = await merge(a.id, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'duplicateId', message: 'names no customer' }] });
    const malformed = await merge(a.id, 'nope');
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(['duplicateId']);
    expect((await merge('00000000-0000-4000-8000-000000000000', a.id)).body.code).toBe('customer.not_found');
  });

  it('is for owners, managers and write keys only', async () => {
    const a = await createCustomer(t, front.auth);
    const b = await createCustomer(t, front.auth);
    expect((await merge(a.id, b.id, front.auth)).status).toBe(403);
    expect((await merge(a.id, b.id, (await createApiKey(t, { scopes: ['customers:read', 'customers:pii'] })).auth)).status).toBe(403);
    expect((await merge(a.id, b.id, (await createApiKey(t, { scopes: ['customers:write'] })).auth)).status).toBe(200);
  });

  it('refuses to add spend kept in two currencies', async () => {
    const a = await createCustomer(t, front.auth);
    const b = await createCustomer(t, front.auth);
    await service.recordActivity(a.id, { spend: { amount: 100, currency: 'CNY' } });
    await service.recordActivity(b.id, { spend: { amount: 100, currency: 'HKD' } });
    const res = await merge(a.id, b.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('customer.currency_mismatch');
    expect((await t.http.get(`/v1/customers/${b.id}`).set(front.auth)).body.status).toBe('active');
  });

  it('lets exactly one of two opposite concurrent merges win, without deadlock', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await createCustomer(t, front.auth);
      const b = await createCustomer(t, front.auth);
      await service.recordActivity(a.id, { visitAt: new Date() });
      await service.recordActivity(b.id, { visitAt: new Date() });
      // The opposite merge starts while the first holds both records in its transaction.
      const results = await raceOfTwo(
        t,
        () => merge(a.id, b.id),
        () => merge(b.id, a.id, owner.auth),
      );
      expect(results.map((r) => r.status)).toEqual([200, 409]);
      expect(['customer.merged', 'customer.already_merged']).toContain(results.find((r) => r.status === 409)!.body.code);
      const winner = results.find((r) => r.status === 200)!.body;
      expect(winner.figures.visitCount).toBe(2);
      const rows = await t.sql<{ status: string; visit_count: number }>('SELECT status, visit_count FROM customer WHERE id = ANY($1::uuid[]) ORDER BY status', [[a.id, b.id]]);
      expect(rows).toEqual([
        { status: 'active', visit_count: 2 },
        { status: 'merged', visit_count: 0 },
      ]);
    }
  });
});
