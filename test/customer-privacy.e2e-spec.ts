/**
 * Customers and personal data (PIPL, GDPR): masking per role and per API-key scope, audited full
 * reads by keys, the JSON export, and anonymization.
 */
import { CustomersService } from '../src/modules/customers/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { createCustomer, customerBody } from './customer-support.js';

describe('customer privacy', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let front: UserRecord;
  let beautician: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
  });
  afterAll(() => t.close());

  const readAudits = (id: string) =>
    t.sql<{ actor_type: string; actor_id: string }>("SELECT actor_type, actor_id FROM audit_event WHERE entity_id = $1 AND action = 'customer.read'", [id]);

  describe('masking', () => {
    it('shows owners, managers and receptionists everything', async () => {
      const customer = await createCustomer(t, front.auth);
      for (const user of [owner, manager, front]) {
        const res = await t.http.get(`/v1/customers/${customer.id}`).set(user.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ phone: customer.phone, email: 'xiaohong.wang@example.com', birthday: '1992-05-12', masked: false });
        expect(res.body.addresses).toHaveLength(1);
        expect(res.body.careNotes.allergies).toEqual(['PPD (hair dye)']);
      }
      expect(await readAudits(customer.id)).toEqual([]);
    });

    it('shows beauticians a masked phone and e-mail, no birthday or address, but the care notes', async () => {
      const customer = await createCustomer(t, front.auth);
      const res = await t.http.get(`/v1/customers/${customer.id}`).set(beautician.auth);
      expect(res.status).toBe(200);
      const national = customer.phone.slice(3);
      expect(res.body).toMatchObject({ phone: `${national.slice(0, 3)}****${national.slice(-4)}`, email: 'x***@example.com', birthday: null, addresses: [], masked: true });
      expect(res.body.phone).toMatch(/^138\*{4}\d{4}$/);
      expect(res.body.careNotes).toMatchObject({ skinType: 'combination', allergies: ['PPD (hair dye)'] });
      expect(JSON.stringify(res.body)).not.toContain(national);
    });

    it('masks for a key with customers:read, shows all and audits each read for one with customers:pii too', async () => {
      const customer = await createCustomer(t, front.auth);
      const reader = await createApiKey(t, { scopes: ['customers:read'] });
      const writer = await createApiKey(t, { scopes: ['customers:write'] });
      const pii = await createApiKey(t, { scopes: ['customers:read', 'customers:pii'] });

      for (const key of [reader, writer]) {
        const res = await t.http.get(`/v1/customers/${customer.id}`).set(key.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ masked: true, birthday: null, addresses: [], careNotes: null });
        expect(res.body.phone).toMatch(/^138\*{4}\d{4}$/);
      }
      expect(await readAudits(customer.id)).toEqual([]);

      for (let i = 0; i < 2; i++) {
        const res = await t.http.get(`/v1/customers/${customer.id}`).set(pii.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ phone: customer.phone, birthday: '1992-05-12', masked: false });
        expect(res.body.careNotes).not.toBeNull();
      }
      expect(await readAudits(customer.id)).toEqual([
        { actor_type: 'api_key', actor_id: pii.id },
        { actor_type: 'api_key', actor_id: pii.id },
      ]);
      // Reads are in the audit log, not on the customer's timeline.
      const timeline = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(owner.auth);
      expect(timeline.body.data.map((e: { type: string }) => e.type)).not.toContain('profile.changed');
    });
  });

  describe('export', () => {
    it('gives owners and managers everything held about the person, and audits it', async () => {
      const customer = await createCustomer(t, front.auth);
      await t.http.post(`/v1/customers/${customer.id}/notes`).set(front.auth).send({ body: 'Likes jasmine tea' }).expect(201);
      await t.app.get(CustomersService).recordActivity(customer.id, { visitAt: new Date('2026-03-01T02:00:00Z'), spend: { amount: 38_800, currency: 'CNY' } });

      const res = await t.http.get(`/v1/customers/${customer.id}/export`).set(manager.auth);
      expect(res.status).toBe(200);
      expect(res.body.customer).toMatchObject({ id: customer.id, phone: customer.phone, birthday: '1992-05-12', masked: false });
      expect(res.body.figures).toMatchObject({ visitCount: 1, totalSpend: { amount: 38_800, currency: 'CNY' } });
      expect(res.body.notes).toEqual([expect.objectContaining({ body: 'Likes jasmine tea', authorId: front.id })]);
      expect(res.body.consentHistory).toEqual([expect.objectContaining({ channel: 'sms', granted: true, method: 'in_store_form' })]);
      expect(res.body.timeline.map((e: { type: string }) => e.type).sort()).toEqual(['consent.granted', 'note.added', 'profile.created']);
      expect(res.body.mergedRecordIds).toEqual([]);

      const audits = await t.sql<{ actor_id: string }>("SELECT actor_id FROM audit_event WHERE entity_id = $1 AND action = 'customer.export'", [customer.id]);
      expect(audits).toEqual([{ actor_id: manager.id }]);
    });

    it('is refused to receptionists, beauticians and keys without customers:pii; a pii key gets it, audited', async () => {
      const customer = await createCustomer(t, front.auth);
      for (const auth of [front.auth, beautician.auth, (await createApiKey(t, { scopes: ['customers:read', 'customers:write'] })).auth]) {
        expect((await t.http.get(`/v1/customers/${customer.id}/export`).set(auth)).status).toBe(403);
      }
      const pii = await createApiKey(t, { scopes: ['customers:read', 'customers:pii'] });
      const res = await t.http.get(`/v1/customers/${customer.id}/export`).set(pii.auth);
      expect(res.status).toBe(200);
      expect(res.body.customer.phone).toBe(customer.phone);
      const audits = await t.sql<{ actor_type: string }>("SELECT actor_type FROM audit_event WHERE entity_id = $1 AND action = 'customer.export'", [customer.id]);
      expect(audits).toEqual([{ actor_type: 'api_key' }]);
    });
  });

  describe('anonymization', () => {
    it('erases personal data for good, keeps figures and history, frees the phone, is audited and idempotent', async () => {
      const customer = await createCustomer(t, front.auth, { notes: 'Secret preference' });
      await t.http.post(`/v1/customers/${customer.id}/notes`).set(front.auth).send({ body: 'Mentioned her divorce' }).expect(201);
      await t.app.get(CustomersService).recordActivity(customer.id, { visitAt: new Date('2026-02-01T02:00:00Z'), spend: { amount: 12_800, currency: 'CNY' } });

      expect((await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(front.auth)).status).toBe(403);
      const res = await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(manager.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'Anonymized customer',
        phone: null,
        email: null,
        gender: null,
        birthday: null,
        addresses: [],
        careNotes: null,
        tags: [],
        notes: null,
        consents: { sms: null, email: null, wechat: null },
        status: 'anonymized',
        version: 2,
        figures: { visitCount: 1, totalSpend: { amount: 12_800, currency: 'CNY' } },
      });
      const events = await t.sql<{ payload: unknown }>(`SELECT payload FROM event WHERE name = 'customer.anonymized' AND payload->>'customerId' = $1`, [customer.id]);
      expect(events.map((e) => e.payload)).toEqual([{ customerId: customer.id }]);

      const again = await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'anonymized', version: 2 });
      const audits = await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'customer.anonymize'", [customer.id]);
      expect(audits).toHaveLength(1);

      // Nothing personal is left anywhere: the row, the notes, the audit trail.
      const national = customer.phone.slice(3);
      const [row] = await t.sql('SELECT * FROM customer WHERE id = $1', [customer.id]);
      const notes = await t.sql<{ body: string; author_id: string }>('SELECT body, author_id FROM customer_note WHERE customer_id = $1', [customer.id]);
      expect(notes).toEqual([{ body: '', author_id: front.id }]);
      const trail = await t.sql('SELECT before, after FROM audit_event WHERE entity_id = $1 OR after::text LIKE $2', [customer.id, `%${customer.id}%`]);
      for (const secret of ['王小红', national, 'xiaohong', '1992-05-12', 'PPD', 'Secret preference', 'divorce', 'VIP']) {
        expect(JSON.stringify([row, notes, trail])).not.toContain(secret);
      }
      const timeline = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(owner.auth);
      expect(timeline.body.data[0]).toMatchObject({ type: 'profile.anonymized' });
      expect(JSON.stringify(timeline.body)).not.toContain('divorce');

      // The phone is free for a new record.
      expect(
        (
          await t.http
            .post('/v1/customers')
            .set(front.auth)
            .send(customerBody({ phone: customer.phone }))
        ).status,
      ).toBe(201);
    });

    it('refuses edits, notes, blocking and merges of an anonymized customer', async () => {
      const customer = await createCustomer(t, front.auth);
      const other = await createCustomer(t, front.auth);
      await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth).expect(200);
      const attempts = [
        await t.http.patch(`/v1/customers/${customer.id}`).set(owner.auth).set('if-match', '"2"').send({ name: '王小红' }),
        await t.http.post(`/v1/customers/${customer.id}/notes`).set(owner.auth).send({ body: 'x' }),
        await t.http.post(`/v1/customers/${customer.id}/block`).set(owner.auth).send({ reason: 'Abusive to staff' }),
        await t.http.post(`/v1/customers/${customer.id}/merge`).set(owner.auth).send({ duplicateId: other.id }),
        await t.http.post(`/v1/customers/${other.id}/merge`).set(owner.auth).send({ duplicateId: customer.id }),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('customer.anonymized');
      }
      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM customer WHERE id = $1', [customer.id]);
      expect(row).toEqual({ name: 'Anonymized customer', version: 2 });
    });

    it('anonymizes exactly once under concurrent requests', async () => {
      const customer = await createCustomer(t, front.auth);
      const results = await Promise.all([0, 1, 2].map(() => t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(results.map((r) => r.body.version)).toEqual([2, 2, 2]);
      const audits = await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'customer.anonymize'", [customer.id]);
      expect(audits).toHaveLength(1);
    });
  });
});
