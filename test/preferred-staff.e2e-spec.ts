import { createCustomer } from './customer-support.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { createLevel, createStaffMember, type StaffMemberRecord } from './support/scheduling.js';
import { fieldsOf, PROBLEM } from './support/responses.js';

describe("a customer's preferred staff", () => {
  let t: TestApp;
  let owner: UserRecord;
  let front: UserRecord;
  let beautician: UserRecord;
  let staff: StaffMemberRecord[];
  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    const senior = await createLevel(t, { name: '高级技师 Senior' });
    staff = [];
    for (let i = 0; i < 7; i++) staff.push(await createStaffMember(t, { storeIds: [store.id], displayName: `Stylist ${i}`, levelId: i === 0 ? senior.id : null }));
  });
  afterAll(() => t.close());

  const put = (customerId: string, staffMemberIds: string[], auth: Record<string, string> = front.auth) =>
    t.http.put(`/v1/customers/${customerId}/preferred-staff`).set(auth).send({ staffMemberIds });
  const get = (customerId: string, auth: Record<string, string> = front.auth) => t.http.get(`/v1/customers/${customerId}/preferred-staff`).set(auth);
  const ids = (...indexes: number[]) => indexes.map((i) => staff[i].id);

  it('sets them in order, reads them back described, and shows them on the profile, audited', async () => {
    const customer = await createCustomer(t, front.auth);
    expect(customer.preferredStaffIds).toEqual([]);
    const res = await put(customer.id, ids(2, 0));
    expect(res.status).toBe(200);
    const expected = [
      { staffMemberId: staff[2].id, displayName: 'Stylist 2', levelName: null, active: true },
      { staffMemberId: staff[0].id, displayName: 'Stylist 0', levelName: '高级技师 Senior', active: true },
    ];
    expect(res.body).toEqual({ data: expected });
    expect((await get(customer.id, beautician.auth)).body).toEqual({ data: expected });
    const profile = await t.http.get(`/v1/customers/${customer.id}`).set(front.auth);
    expect(profile.body).toMatchObject({ preferredStaffIds: ids(2, 0), version: 2 });
    const [audit] = await t.sql<{ after: { fields: string[]; preferredStaffIds: string[] } }>("SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'customer.update'", [
      customer.id,
    ]);
    expect(audit.after).toMatchObject({ fields: ['preferredStaffIds'], preferredStaffIds: ids(2, 0) });

    // The same list again changes nothing; [] clears it.
    await put(customer.id, ids(2, 0)).expect(200);
    expect((await t.http.get(`/v1/customers/${customer.id}`).set(front.auth)).body.version).toBe(2);
    expect((await put(customer.id, [])).body).toEqual({ data: [] });
    expect((await t.http.get(`/v1/customers/${customer.id}`).set(front.auth)).body.preferredStaffIds).toEqual([]);
  });

  it('keeps a deactivated staff member on the list, shown as inactive, but refuses to add one', async () => {
    const customer = await createCustomer(t, front.auth);
    const leaving = await createStaffMember(t, { storeIds: [], displayName: 'Leaving' });
    await put(customer.id, [leaving.id]).expect(200);
    await t.http.post(`/v1/staff/${leaving.id}/deactivate`).set(owner.auth).expect(200);
    expect((await get(customer.id)).body.data).toEqual([expect.objectContaining({ staffMemberId: leaving.id, active: false })]);
    const other = await createCustomer(t, front.auth);
    const res = await put(other.id, [staff[1].id, leaving.id]);
    expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([422, 'staff_member.inactive', ['staffMemberIds[1]']]);
  });

  it.each([
    ['six of them', () => ids(0, 1, 2, 3, 4, 5), 400, 'request.validation_failed', ['staffMemberIds']],
    ['one twice', () => ids(0, 1, 0), 400, 'request.validation_failed', ['staffMemberIds[2]']],
    ['an id that is not a UUID', () => [staff[0].id, 'stylist-1'], 400, 'request.validation_failed', ['staffMemberIds']],
    ['an unknown staff member', () => [staff[0].id, '00000000-0000-4000-8000-000000000000'], 422, 'reference.not_found', ['staffMemberIds[1]']],
  ])('refuses %s, naming the field and changing nothing', async (_label, list, status, code, fields) => {
    const customer = await createCustomer(t, front.auth);
    await put(customer.id, ids(6)).expect(200);
    const res = await put(customer.id, list());
    expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([status, code, fields]);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect((await get(customer.id)).body.data.map((m: { staffMemberId: string }) => m.staffMemberId)).toEqual(ids(6));
  });

  it('answers customer.not_found for an unknown customer', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const read = await get(id);
      expect([read.status, read.body.code]).toEqual([404, 'customer.not_found']);
      const write = await put(id, ids(0));
      expect([write.status, write.body.code]).toEqual([404, 'customer.not_found']);
    }
  });

  it('lets every staff role read them and the front desk change them; keys need the customers scopes', async () => {
    const customer = await createCustomer(t, front.auth);
    expect((await put(customer.id, ids(0), beautician.auth)).status).toBe(403);
    const manager = await createUser(t, { role: 'manager', storeIds: [] });
    expect((await put(customer.id, ids(1), manager.auth)).status).toBe(200);
    const reader = await createApiKey(t, { scopes: ['customers:read'] });
    expect((await get(customer.id, reader.auth)).status).toBe(200);
    expect((await put(customer.id, ids(0), reader.auth)).status).toBe(403);
    const scheduler = await createApiKey(t, { scopes: ['scheduling:write', 'scheduling:read'] });
    expect((await get(customer.id, scheduler.auth)).status).toBe(403);
    const writer = await createApiKey(t, { scopes: ['customers:write'] });
    expect((await put(customer.id, ids(3), writer.auth)).status).toBe(200);
  });

  it("unites both records' lists on a merge, the survivor's first, at most five", async () => {
    const survivor = await createCustomer(t, front.auth);
    const duplicate = await createCustomer(t, front.auth);
    await put(survivor.id, ids(0, 1)).expect(200);
    await put(duplicate.id, ids(1, 2, 3, 4, 5)).expect(200);
    const merged = await t.http.post(`/v1/customers/${survivor.id}/merge`).set(owner.auth).send({ duplicateId: duplicate.id });
    expect(merged.status).toBe(200);
    expect(merged.body.preferredStaffIds).toEqual(ids(0, 1, 2, 3, 4));
  });

  it('clears them when the customer is anonymized, and an anonymized customer takes none', async () => {
    const customer = await createCustomer(t, front.auth);
    await put(customer.id, ids(0, 1)).expect(200);
    const erased = await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth);
    expect([erased.status, erased.body.preferredStaffIds]).toEqual([200, []]);
    expect((await get(customer.id)).body).toEqual({ data: [] });
    const res = await put(customer.id, ids(0));
    expect([res.status, res.body.code]).toEqual([409, 'customer.anonymized']);
  });
});
