/**
 * A customer's numbers and e-mails besides the primary ones: read and edited on the profile, unique
 * among all customers' numbers, found by the duplicate check, the phone search and the CSV import.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { createCustomer, customerBody, fieldsOf, freshPhone } from './customer-support.js';
import { csvFile, waitForImport } from './fixtures/customer-import-files.js';
import { raceOfTwo } from './support/race.js';

describe('customer phones and e-mails', () => {
  let t: TestApp;
  let owner: UserRecord;
  let front: UserRecord;
  let beautician: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
  });
  afterAll(() => t.close());

  const patch = (id: string, version: number, body: Record<string, unknown>) => t.http.patch(`/v1/customers/${id}`).set(front.auth).set('if-match', `"${version}"`).send(body);
  const masked = (e164: string) => `${e164.slice(3, 6)}****${e164.slice(-4)}`;

  it('registers other numbers and e-mails, shows them masked like the primary ones, and drops repeats', async () => {
    const [work, home] = [freshPhone(), freshPhone()];
    const customer = await createCustomer(t, front.auth, {
      otherPhones: [{ number: `${work.slice(3, 6)} ${work.slice(6)}`, label: ' work ' }, { number: home }, { number: work, label: 'again' }],
      email: 'xh@example.com',
      otherEmails: [' XH.Work@Example.com ', 'xh@example.com', 'xh.work@example.com'],
    });
    expect(customer.otherPhones).toEqual([
      { number: work, label: 'work' },
      { number: home, label: null },
    ]);
    expect(customer.otherEmails).toEqual(['xh.work@example.com']);
    const seen = await t.http.get(`/v1/customers/${customer.id}`).set(beautician.auth);
    expect(seen.body.otherPhones).toEqual([
      { number: masked(work), label: 'work' },
      { number: masked(home), label: null },
    ]);
    expect(seen.body.otherEmails).toEqual(['x***@example.com']);
    expect(JSON.stringify(seen.body)).not.toContain(work);
  });

  it('refuses a number any customer holds, primary or other, naming the holder as the caller may see it', async () => {
    const other = freshPhone();
    const holder = await createCustomer(t, front.auth, { name: '李娜', otherPhones: [{ number: other, label: 'work' }] });

    const asPrimary = await t.http
      .post('/v1/customers')
      .set(front.auth)
      .send(customerBody({ phone: other }));
    expect(asPrimary.status).toBe(409);
    expect(asPrimary.body).toMatchObject({
      code: 'customer.phone_taken',
      existingCustomerId: holder.id,
      existingCustomer: { id: holder.id, name: '李娜', phone: holder.phone },
    });
    expect(asPrimary.body.detail).toContain('李娜');
    expect(fieldsOf(asPrimary.body)).toEqual(['phone']);

    const asOther = await t.http
      .post('/v1/customers')
      .set(front.auth)
      .send(customerBody({ otherPhones: [{ number: freshPhone() }, { number: holder.phone }] }));
    expect(asOther.status).toBe(409);
    expect(asOther.body.existingCustomerId).toBe(holder.id);
    expect(fieldsOf(asOther.body)).toEqual(['otherPhones[1].number']);

    // A key without customers:pii may not learn whose it is: trying numbers until one names a customer
    // would unmask the phones it reads masked. It is told only that the number is taken.
    const key = await createApiKey(t, { scopes: ['customers:write'] });
    const byKey = await t.http
      .post('/v1/customers')
      .set(key.auth)
      .send(customerBody({ phone: other }));
    expect(byKey.status).toBe(409);
    expect(byKey.body.code).toBe('customer.phone_taken');
    expect(byKey.body).not.toHaveProperty('existingCustomerId');
    expect(byKey.body).not.toHaveProperty('existingCustomer');
    expect(JSON.stringify(byKey.body)).not.toContain(holder.id);
    expect(JSON.stringify(byKey.body)).not.toContain('李娜');

    const b = await createCustomer(t, front.auth);
    const onPatch = await patch(b.id, 1, { otherPhones: [{ number: other }] });
    expect(onPatch.status).toBe(409);
    expect(onPatch.body).toMatchObject({ code: 'customer.phone_taken', existingCustomerId: holder.id });
    expect(fieldsOf(onPatch.body)).toEqual(['otherPhones[0].number']);
    const [row] = await t.sql<{ version: number }>('SELECT version FROM customer WHERE id = $1', [b.id]);
    expect(row.version).toBe(1);
    expect(await t.sql('SELECT number FROM customer_phone WHERE customer_id = $1 AND NOT is_primary', [b.id])).toEqual([]);
  });

  it('edits the numbers: replaced whole, one promoted to primary, a dropped one free again', async () => {
    const [a, b, c] = [freshPhone(), freshPhone(), freshPhone()];
    const customer = await createCustomer(t, front.auth, { otherPhones: [{ number: a, label: 'work' }, { number: b }] });
    const primary = customer.phone as string;

    const relabel = await patch(customer.id, 1, { otherPhones: [{ number: b, label: 'home' }, { number: c }] });
    expect(relabel.status).toBe(200);
    expect(relabel.body).toMatchObject({
      version: 2,
      otherPhones: [
        { number: b, label: 'home' },
        { number: c, label: null },
      ],
    });
    // The old primary goes unless it is listed; one of the others can become the primary.
    const promote = await patch(customer.id, 2, { phone: b, otherPhones: [{ number: c }, { number: primary, label: 'old mobile' }] });
    expect(promote.status).toBe(200);
    expect(promote.body).toMatchObject({
      phone: b,
      otherPhones: [
        { number: c, label: null },
        { number: primary, label: 'old mobile' },
      ],
    });
    const swap = await patch(customer.id, 3, { phone: c });
    expect(swap.body).toMatchObject({ phone: c, otherPhones: [{ number: primary, label: 'old mobile' }] });

    // Numbers it no longer holds are free; a number it holds is found by every way of searching.
    expect(
      (
        await t.http
          .post('/v1/customers')
          .set(front.auth)
          .send(customerBody({ phone: a }))
      ).status,
    ).toBe(201);
    expect(
      (
        await t.http
          .post('/v1/customers')
          .set(front.auth)
          .send(customerBody({ phone: b }))
      ).status,
    ).toBe(201);
    const timeline = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(owner.auth);
    const fields = timeline.body.data.filter((e: { type: string }) => e.type === 'profile.updated').map((e: { data: { fields: string[] } }) => e.data.fields);
    expect(fields).toEqual([['phone', 'otherPhones'], ['phone', 'otherPhones'], ['otherPhones']]);
    expect(JSON.stringify(timeline.body)).not.toContain(c);
  });

  it('finds a customer by any of its numbers, whole or by the last 4 digits, and by any of its e-mails', async () => {
    const other = freshPhone();
    const mail = `other-${other.slice(-8)}@example.com`;
    const customer = await createCustomer(t, front.auth, { otherPhones: [{ number: other }], otherEmails: [mail] });
    const ids = async (query: Record<string, string>) =>
      (
        await t.http
          .get('/v1/customers')
          .query({ ...query, limit: 100 })
          .set(owner.auth)
      ).body.data.map((c: { id: string }) => c.id);
    expect(await ids({ phone: other })).toEqual([customer.id]);
    expect(await ids({ phone: other.slice(-4) })).toContain(customer.id);
    expect(await ids({ phone: customer.phone.slice(-4) })).toContain(customer.id);
    expect(await ids({ email: mail.toUpperCase() })).toEqual([customer.id]);
    expect(await ids({ email: customer.email })).toContain(customer.id);
  });

  it('lets one of two customers adding the same number at once have it', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await createCustomer(t, front.auth), await createCustomer(t, front.auth)];
      const number = freshPhone();
      // The second waits on the first's uncommitted number in the unique key, then finds it taken.
      const results = await raceOfTwo(
        t,
        () => patch(a.id, 1, { otherPhones: [{ number }] }),
        () => patch(b.id, 1, { otherPhones: [{ number }] }),
      );
      expect(results.map((r) => r.status)).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body.id;
      expect(results.find((r) => r.status === 409)!.body.existingCustomerId).toBe(winner);
      expect(await t.sql('SELECT customer_id FROM customer_phone WHERE number = $1', [number])).toEqual([{ customer_id: winner }]);
    }
  });

  it("anonymizing erases the other numbers and e-mails (numbers free again) and block reasons, merged records' too", async () => {
    const [mine, theirs] = [freshPhone(), freshPhone()];
    const customer = await createCustomer(t, front.auth, { otherPhones: [{ number: mine }], otherEmails: ['second@example.com'] });
    const duplicate = await createCustomer(t, front.auth, { otherPhones: [{ number: theirs }] });
    await t.http.post(`/v1/customers/${duplicate.id}/block`).set(owner.auth).send({ reason: 'Shouted at 李娜 on 3 May.' }).expect(200);
    await t.http.post(`/v1/customers/${customer.id}/merge`).set(owner.auth).send({ duplicateId: duplicate.id }).expect(200);

    const erased = await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ phone: null, otherPhones: [], email: null, otherEmails: [] });
    expect(await t.sql('SELECT number FROM customer_phone WHERE customer_id = ANY($1::uuid[])', [[customer.id, duplicate.id]])).toEqual([]);
    expect(await t.sql("SELECT other_emails FROM customer WHERE id = ANY($1::uuid[]) AND other_emails <> '{}'", [[customer.id, duplicate.id]])).toEqual([]);
    expect(await t.sql('SELECT reason FROM customer_status_event WHERE customer_id = $1', [customer.id])).toEqual([{ reason: null }]);
    const audit = await t.sql<{ after: unknown }>('SELECT after FROM audit_event WHERE entity_id = ANY($1::text[])', [[customer.id, duplicate.id]]);
    expect(JSON.stringify(audit)).not.toMatch(/Shouted|second@|\+86/);
    for (const phone of [customer.phone, mine, duplicate.phone, theirs]) {
      expect((await t.http.post('/v1/customers').set(front.auth).send(customerBody({ phone }))).status).toBe(201);
    }
  });

  it('treats an import row whose phone is another number of a customer as that customer', async () => {
    const other = freshPhone();
    const customer = await createCustomer(t, front.auth, { name: '王小红', otherPhones: [{ number: other }] });
    const upload = async (onDuplicate: string) => {
      const res = await t.http
        .post('/v1/customer-imports')
        .query({ onDuplicate })
        .set(owner.auth)
        .set('content-type', 'text/csv')
        .send(Buffer.from(csvFile([{ 姓名: '王小红', 手机号: other, 标签: '导入' }])));
      expect(res.status).toBe(202);
      return waitForImport(t, owner, res.body.id);
    };
    expect((await upload('skip')).counts).toEqual({ created: 0, updated: 0, skipped: 1, errors: 0 });
    expect((await upload('update')).counts).toEqual({ created: 0, updated: 1, skipped: 0, errors: 0 });
    expect(await t.sql('SELECT tags FROM customer WHERE id = $1', [customer.id])).toEqual([{ tags: ['导入'] }]);
    expect(await t.sql("SELECT count(*)::int AS n FROM customer WHERE name = '王小红' AND id IN (SELECT customer_id FROM customer_phone WHERE number = $1)", [other])).toEqual([
      { n: 1 },
    ]);
  });
});
