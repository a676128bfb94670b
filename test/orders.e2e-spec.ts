/**
 * Orders (issue 15, first slice) on the real PostgreSQL and Redis: routing per store and channel.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createStaffMember } from './support/scheduling.js';

describe('orders: routing per store and channel', () => {
  let t: TestApp;
  let store: StoreRecord;
  let other: StoreRecord;
  let owner: UserRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let outsider: UserRecord;

  beforeAll(async () => {
    t = await startTestApp();
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    outsider = await createUser(t, { role: 'manager', storeIds: [other.id] });
  });
  afterAll(() => t.close());

  it('a manager sets who confirms and which team handles a channel; the list shows every channel', async () => {
    const staff = await createStaffMember(t, { storeIds: [store.id] });
    const before = await t.http.get(`/v1/stores/${store.id}/order-channels/online`).set(manager.auth);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ channel: 'online', responsibleStaffMemberId: null, team: null, assigned: false });

    const put = await t.http.put(`/v1/stores/${store.id}/order-channels/online`).set(manager.auth).send({ responsibleStaffMemberId: staff.id, team: '线上组' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ storeId: store.id, channel: 'online', responsibleStaffMemberId: staff.id, team: '线上组', assigned: true });
    const changed = await t.http.put(`/v1/stores/${store.id}/order-channels/online`).set(owner.auth).send({ responsibleStaffMemberId: null, team: 'Web' });
    expect(changed.body).toMatchObject({ responsibleStaffMemberId: null, team: 'Web' });

    const list = await t.http.get(`/v1/stores/${store.id}/order-channels`).set(manager.auth);
    expect(list.body.data.map((row: { channel: string }) => row.channel)).toEqual(['online', 'app', 'mini_program', 'partner', 'phone', 'in_store']);
    expect(list.body.data[0]).toMatchObject({ team: 'Web', assigned: true });
    expect(await t.sql("SELECT count(*)::int AS n FROM audit_event WHERE action = 'order_channel.put' AND store_id = $1", [store.id])).toEqual([{ n: 2 }]);
  });

  it('refuses other stores, the front desk, unknown channels and staff members, field by field', async () => {
    expect((await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(outsider.auth).send({ responsibleStaffMemberId: null })).status).toBe(404);
    expect((await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(desk.auth).send({ responsibleStaffMemberId: null })).status).toBe(403);
    const channel = await t.http.put(`/v1/stores/${store.id}/order-channels/fax`).set(manager.auth).send({ responsibleStaffMemberId: null });
    expect(channel.status).toBe(400);
    expect(channel.body.errors).toEqual([{ field: 'channel', message: expect.any(String) }]);
    const bad = await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(manager.auth).send({ responsibleStaffMemberId: 'x', team: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['responsibleStaffMemberId', 'team']);
    const unknown = await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(manager.auth).send({ responsibleStaffMemberId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'responsibleStaffMemberId', message: expect.any(String) }]);
    expect(await t.sql("SELECT count(*)::int AS n FROM order_channel_assignment WHERE store_id = $1 AND channel = 'phone'", [store.id])).toEqual([{ n: 0 }]);
  });
});
