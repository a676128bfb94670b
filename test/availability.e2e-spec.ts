/**
 * The availability search over HTTP, on a real day of a store: a colour (25 min active, 35 processing,
 * 30 finishing, 10 buffer) and a 30-minute cut, two stylists (Ana, a senior, and Bo), two chairs, and
 * Ana's colour already booked at 10:00 in chair 1.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { AvailabilityService } from '../src/modules/appointments/availability/availability.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment, insertBareCustomer, insertHold } from './support/appointments.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { countQueries } from './support/query-count.js';
import { PROBLEM } from './support/responses.js';
import { createLevel, createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

// Monday 22 March 2027, 08:00 in Shanghai.
const clock = new FixedClock('2027-03-22T00:00:00Z');
const cn = (time: string, date = '2027-03-22') => `${date}T${time}:00+08:00`;
const COLOUR_BLOCKS = { active: 25, processing: 35, finishing: 30, buffer: 10 };

interface SlotBody {
  start: string;
  end: string;
  price: { amount: number; currency: string };
  segments: Array<{ variationId: string; staffMemberId: string; resourceId: string | null; start: string; end: string; price: { amount: number } }>;
}

describe('GET /v1/availability', () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  let colour: string;
  let cut: string;
  let ana: StaffMemberRecord;
  let bo: StaffMemberRecord;
  let chair1: string;
  let chair2: string;

  const search = (query: Record<string, unknown>, auth = owner.auth) =>
    t.http
      .get('/v1/availability')
      .query({ storeId: store.id, from: '2027-03-22', to: '2027-03-22', ...query })
      .set(auth);
  const slots = async (query: Record<string, unknown>) => {
    const res = await search(query);
    expect(res.status).toBe(200);
    return res.body.slots as SlotBody[];
  };
  const at = (list: SlotBody[], time: string) => list.find((slot) => slot.start === cn(time));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    const category = await categoryId(t, 'hair_colour');
    const colourService = await t.http.post('/v1/services').set(owner.auth).send(serviceBody(category)).expect(201);
    colour = colourService.body.variations[0].id;
    const cutService = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(category, {
          name: '剪发 Cut',
          skill: 'haircut',
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
        }),
      )
      .expect(201);
    cut = cutService.body.variations[0].id;
    const senior = await createLevel(t, { code: 'senior_av', name: '高级技师 Senior', rank: 500 });
    await t.http
      .put(`/v1/services/${colourService.body.id}/variations/${colour}/level-prices/${senior.id}`)
      .set(owner.auth)
      .send({ price: cny(58800) })
      .expect(200);
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', levelId: senior.id, skills: { hair_colour: 5, haircut: 5 } });
    bo = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bo', skills: { hair_colour: 3 } });
    for (const member of [ana, bo]) await insertShift(t, { staffMemberId: member.id, storeId: store.id, date: '2027-03-22', start: cn('10:00'), end: cn('19:00') });
    chair1 = (await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 1', type: 'chair' }).expect(201)).body.id;
    chair2 = (await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 2', type: 'chair' }).expect(201)).body.id;
    // Ana's colour at 10:00 in chair 1: she is busy 10:00–10:25 and 11:00–11:40 (finishing and clean-up); the chair until 11:40.
    const customer = await insertBareCustomer(t);
    await insertAppointment(t, {
      storeId: store.id,
      customerId: customer,
      segments: [{ variationId: colour, staffMemberId: ana.id, resourceId: chair1, start: cn('10:00'), blocks: COLOUR_BLOCKS }],
    });
  });
  afterAll(() => t.close());

  it('proposes Bo and the free chair at 10:00 while Ana and chair 1 are taken, every 15 minutes, in the store’s offset', async () => {
    const list = await slots({ variationIds: colour });
    expect(list[0]).toEqual({
      start: cn('10:00'),
      end: cn('11:30'),
      price: { amount: 48800, currency: 'CNY' },
      segments: [{ variationId: colour, staffMemberId: bo.id, resourceId: chair2, start: cn('10:00'), end: cn('11:30'), price: { amount: 48800, currency: 'CNY' } }],
    });
    expect(list.slice(0, 3).map((slot) => slot.start)).toEqual([cn('10:00'), cn('10:15'), cn('10:30')]);
    // The last colour ends by 19:00, when both go home.
    expect(list[list.length - 1].end <= cn('19:00')).toBe(true);
  });

  it("leaves Ana free for a cut while the colour develops, but not the chair the colour sits in; she charges her level's price", async () => {
    const list = await slots({ variationIds: cut, staffMemberIds: ana.id });
    // 10:00–10:25 busy; 10:30–11:00 fits in the processing block (chair 2, as chair 1 holds the colour); 11:00–11:40 busy again.
    expect(at(list, '10:15')).toBeUndefined();
    expect(at(list, '10:30')?.segments[0]).toMatchObject({ staffMemberId: ana.id, resourceId: chair2 });
    expect(at(list, '11:00')).toBeUndefined();
    expect(at(list, '11:30')).toBeUndefined();
    expect(at(list, '11:45')?.segments[0].staffMemberId).toBe(ana.id);
    const colourByAna = await slots({ variationIds: colour, staffMemberIds: ana.id });
    expect(colourByAna[0].segments[0]).toMatchObject({ staffMemberId: ana.id, price: { amount: 58800 } });
  });

  it('counts live holds as taken and expired ones as free', async () => {
    const live = await insertHold(t, {
      storeId: store.id,
      expiresAt: '2027-03-22T00:05:00Z',
      segments: [{ variationId: cut, staffMemberId: bo.id, resourceId: chair2, start: cn('15:00'), blocks: { active: 30 } }],
    });
    expect(live).toBeTruthy();
    await insertHold(t, {
      storeId: store.id,
      expiresAt: '2027-03-21T23:55:00Z',
      segments: [{ variationId: cut, staffMemberId: bo.id, resourceId: chair2, start: cn('16:00'), blocks: { active: 30 } }],
    });
    const list = await slots({ variationIds: colour, staffMemberIds: bo.id });
    // Bo is held 15:00–15:30: a colour from 14:00 would need him then.
    expect(at(list, '14:45')).toBeUndefined();
    expect(at(list, '15:30')).toBeDefined();
    // The expired hold at 16:00 blocks nothing.
    expect(at(list, '16:00')).toBeDefined();
  });

  it('keeps to the minimum notice of the store’s policy', async () => {
    await t.sql('INSERT INTO booking_policy (store_id, min_notice_minutes) VALUES ($1, 240)', [store.id]);
    try {
      const list = await slots({ variationIds: cut });
      expect(list[0].start).toBe(cn('12:00'));
    } finally {
      await t.sql('DELETE FROM booking_policy WHERE store_id = $1', [store.id]);
    }
  });

  it('suggests the nearest free times when the wanted one is taken, the same day first', async () => {
    const res = await t.http
      .get('/v1/availability/nearest')
      .query({ storeId: store.id, variationIds: colour, at: cn('10:00'), staffMemberIds: ana.id, count: 3 })
      .set(owner.auth);
    expect(res.status).toBe(200);
    const starts = (res.body.slots as SlotBody[]).map((slot) => slot.start);
    expect(starts).toHaveLength(3);
    expect(starts.every((start) => start.startsWith('2027-03-22'))).toBe(true);
    const distance = (start: string) => Math.abs(Date.parse(start) - Date.parse(cn('10:00')));
    expect(starts.map(distance)).toEqual([...starts.map(distance)].sort((a, b) => a - b));
  });

  it('answers in at most five queries for one service with a resource', async () => {
    const actor: Actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    const service = t.app.get(AvailabilityService);
    const { result, statements } = await countQueries(t.app, () => service.search(actor, { storeId: store.id, variationIds: [colour], from: '2027-03-22', to: '2027-03-28' }));
    expect(result.slots.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThanOrEqual(5);
  });

  it('refuses what cannot be booked here, naming it; another store is not found', async () => {
    const other = await createStore(t);
    const manager = await createUser(t, { role: 'manager', storeIds: [other.id] });
    const hidden = await search({ variationIds: colour }, manager.auth);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'store.not_found']);
    expect(hidden.headers['content-type']).toMatch(PROBLEM);

    const unknown = await search({ variationIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'availability.variation_unavailable', errors: [{ field: 'variationIds[0]' }] });

    const reversed = await search({ variationIds: colour, from: '2027-03-23', to: '2027-03-22' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ field: 'to', message: 'must not be before from' }]);
    const missing = await t.http.get('/v1/availability').query({ storeId: store.id }).set(owner.auth);
    expect(missing.status).toBe(400);
    expect((missing.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(expect.arrayContaining(['variationIds', 'from', 'to']));
  });
});
