/**
 * The views of appointments over HTTP, on one day of a store (Monday 22 March 2027, the clock at 11:30 in
 * Shanghai): Ana (a beautician with a sign-in) and Bo work 10:00–19:00, Cy works elsewhere that day; two
 * chairs. Appointments are written as rows (test/support/appointments.ts) in the shapes booking writes.
 */
import ICAL from 'ical.js';
import type supertest from 'supertest';
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StoreBookService } from '../src/modules/appointments/views/store-book.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment, insertBareCustomer, type SegmentFixture } from './support/appointments.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { countQueries } from './support/query-count.js';
import { PROBLEM } from './support/responses.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

const NOW = '2027-03-22T03:30:00.000Z';
const BASE = 'https://api.bloom.example';
const cn = (time: string, date = '2027-03-22') => `${date}T${time}:00+08:00`;
const COLOUR = { active: 25, processing: 35, finishing: 30, buffer: 10 };
const CUT = { active: 30 };

interface BookColumn {
  kind: string;
  id: string;
  name: string;
  workingIntervals: Array<{ start: string; end: string }>;
  segments: Array<{ appointmentId: string; customerName: string; serviceName: string; staffName: string; resourceName: string | null; start: string; end: string }>;
}

describe('appointment views', () => {
  let t: TestApp;
  let owner: UserRecord;
  let front: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let colour: string;
  let cut: string;
  let colourName: string;
  let ana: StaffMemberRecord;
  let bo: StaffMemberRecord;
  let cy: StaffMemberRecord;
  let dee: StaffMemberRecord;
  let chair1: string;
  let chair2: string;
  let wang: string;
  let li: string;
  const ids: Record<string, string> = {};

  const segment = (variationId: string, staff: StaffMemberRecord, resourceId: string | null, start: string, blocks: SegmentFixture['blocks']): SegmentFixture => ({
    variationId,
    staffMemberId: staff.id,
    resourceId,
    start,
    blocks,
  });

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW), env: { PUBLIC_BASE_URL: BASE } });
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t, { name: '静安店 Jing’an' });
    other = await createStore(t, { name: 'Other store' });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const category = await categoryId(t, 'hair_colour');
    const colourService = await t.http.post('/v1/services').set(owner.auth).send(serviceBody(category)).expect(201);
    colour = colourService.body.variations[0].id;
    colourName = colourService.body.name;
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
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', login: 'beautician', skills: { hair_colour: 5, haircut: 5 } });
    bo = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bo', skills: { hair_colour: 3 } });
    cy = await createStaffMember(t, { storeIds: [store.id, other.id], displayName: 'Cy', skills: { haircut: 3 } });
    // Dee works at the other store and covers a shift here: she is on this store's book too.
    dee = await createStaffMember(t, { storeIds: [other.id], displayName: 'Dee', skills: { haircut: 3 } });
    await insertShift(t, { staffMemberId: dee.id, storeId: store.id, date: '2027-03-22', start: cn('12:00'), end: cn('16:00') });
    for (const member of [ana, bo]) await insertShift(t, { staffMemberId: member.id, storeId: store.id, date: '2027-03-22', start: cn('10:00'), end: cn('19:00') });
    chair1 = (await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 1', type: 'chair' }).expect(201)).body.id;
    chair2 = (await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 2', type: 'chair' }).expect(201)).body.id;
    wang = await insertBareCustomer(t, '王芳 Wang Fang');
    li = await insertBareCustomer(t, '李娜 Li Na');

    // Wang: a colour with Ana at 10:00 (not checked in: late at 11:30), a cut with Bo on Wednesday.
    ids.late = await insertAppointment(t, { storeId: store.id, customerId: wang, segments: [segment(colour, ana, chair1, cn('10:00'), COLOUR)] });
    ids.wednesday = await insertAppointment(t, { storeId: store.id, customerId: wang, segments: [segment(cut, bo, chair2, cn('15:00', '2027-03-24'), CUT)] });
    // Li: checked in at 11:00 with Bo; a colour then a cut with Ana at 14:00; one completed last week; one cancelled at 17:00.
    ids.checkedIn = await insertAppointment(t, { storeId: store.id, customerId: li, status: 'checked_in', segments: [segment(cut, bo, chair2, cn('11:00'), CUT)] });
    ids.twoServices = await insertAppointment(t, {
      storeId: store.id,
      customerId: li,
      status: 'confirmed',
      segments: [segment(colour, ana, chair1, cn('14:00'), COLOUR), segment(cut, ana, chair2, cn('15:45'), CUT)],
    });
    ids.past = await insertAppointment(t, { storeId: store.id, customerId: li, status: 'completed', segments: [segment(cut, ana, chair1, cn('10:00', '2027-03-15'), CUT)] });
    ids.cancelled = await insertAppointment(t, {
      storeId: store.id,
      customerId: li,
      status: 'cancelled',
      active: false,
      segments: [segment(cut, ana, chair1, cn('17:00'), CUT)],
    });
    // Cy at the other store the same day (not on this store's book).
    ids.otherStore = await insertAppointment(t, { storeId: other.id, customerId: wang, segments: [segment(cut, cy, null, cn('12:00'), CUT)] });
  });
  afterAll(() => t.close());

  describe('GET /v1/appointments', () => {
    it("lists a store's appointments in start order with names, filters them, and pages with a cursor", async () => {
      const all = await t.http.get('/v1/appointments').query({ storeId: store.id }).set(owner.auth).expect(200);
      expect(all.body.data.map((a: { id: string }) => a.id)).toEqual([ids.past, ids.late, ids.checkedIn, ids.twoServices, ids.cancelled, ids.wednesday]);
      const two = all.body.data[3];
      expect(two.customer).toEqual({ id: li, name: '李娜 Li Na', phone: expect.stringMatching(/^\+86139\d{8}$/) });
      expect(
        two.segments.map((s: { serviceName: string; variationName: string; staffName: string; resourceName: string; start: string }) => [
          s.serviceName,
          s.variationName,
          s.staffName,
          s.resourceName,
          s.start,
        ]),
      ).toEqual([
        [colourName, '短发 Short hair', 'Ana', 'Chair 1', cn('14:00')],
        ['剪发 Cut', '洗剪吹 Wash and cut', 'Ana', 'Chair 2', cn('15:45')],
      ]);

      const filtered = await t.http
        .get('/v1/appointments')
        .query({ storeId: store.id, from: '2027-03-22', to: '2027-03-22', staffMemberId: ana.id })
        .query('status=booked&status=confirmed')
        .set(owner.auth)
        .expect(200);
      expect(filtered.body.data.map((a: { id: string }) => a.id)).toEqual([ids.late, ids.twoServices]);
      const byCustomer = await t.http.get('/v1/appointments').query({ storeId: store.id, customerId: wang, channel: 'phone' }).set(owner.auth).expect(200);
      expect(byCustomer.body.data.map((a: { id: string }) => a.id)).toEqual([ids.late, ids.wednesday]);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get('/v1/appointments')
          .query({ storeId: store.id, limit: 4, ...(cursor ? { cursor } : {}) })
          .set(owner.auth)
          .expect(200);
        seen.push(...page.body.data.map((a: { id: string }) => a.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.body.data.map((a: { id: string }) => a.id));
    });

    it('takes the only store the caller sees, and masks phones for a beautician', async () => {
      const res = await t.http.get('/v1/appointments').query({ from: '2027-03-22', to: '2027-03-22' }).set(ana.user!.auth).expect(200);
      expect(res.body.data.map((a: { id: string }) => a.id)).toEqual([ids.late, ids.checkedIn, ids.twoServices, ids.cancelled]);
      for (const appointment of res.body.data) expect(appointment.customer.phone).toMatch(/^139\*\*\*\*\d{4}$/);
    });

    it('answers bad input with problems naming the field, and another store as not found', async () => {
      const missing = await t.http.get('/v1/appointments').set(owner.auth);
      expect([missing.status, missing.body.errors]).toEqual([400, [{ field: 'storeId', message: expect.any(String) }]]);
      expect(missing.headers['content-type']).toMatch(PROBLEM);
      const reversed = await t.http.get('/v1/appointments').query({ storeId: store.id, from: '2027-03-22', to: '2027-03-21' }).set(owner.auth);
      expect([reversed.status, reversed.body.errors[0].field]).toEqual([400, 'to']);
      const badStatus = await t.http.get('/v1/appointments').query({ storeId: store.id, status: 'gone' }).set(owner.auth);
      expect([badStatus.status, badStatus.body.errors[0].field]).toEqual([400, 'status']);
      const badCursor = await t.http.get('/v1/appointments').query({ storeId: store.id, cursor: 'abc' }).set(owner.auth);
      expect([badCursor.status, badCursor.body.errors[0].field]).toEqual([400, 'cursor']);
      const hidden = await t.http.get('/v1/appointments').query({ storeId: other.id }).set(front.auth);
      expect([hidden.status, hidden.body.code]).toEqual([404, 'store.not_found']);
    });

    it('lets an API key with appointments:read limited to the store read it, not another store, and not without the scope', async () => {
      const key = await createApiKey(t, { scopes: ['appointments:read'], storeIds: [store.id] });
      const res = await t.http.get('/v1/appointments').set(key.auth).expect(200);
      expect(res.body.data).toHaveLength(6);
      expect(res.body.data[0].customer.phone).toMatch(/^139\*\*\*\*\d{4}$/);
      expect((await t.http.get('/v1/appointments').query({ storeId: other.id }).set(key.auth)).status).toBe(404);
      expect((await t.http.get(`/v1/stores/${other.id}/arrivals`).set(key.auth)).status).toBe(404);
      const noScope = await createApiKey(t, { scopes: ['customers:read'], storeIds: [store.id] });
      expect((await t.http.get('/v1/appointments').set(noScope.auth)).status).toBe(403);
    });
  });

  describe('the appointment book', () => {
    const book = (query: Record<string, unknown>, auth = front.auth) => t.http.get(`/v1/stores/${store.id}/appointment-book`).query(query).set(auth);

    it('draws the day by staff: who works (with working time) or is booked, each with their segments; cancelled ones left out', async () => {
      const res = await book({ date: '2027-03-22' }).expect(200);
      expect(res.body).toMatchObject({ storeId: store.id, timeZone: 'Asia/Shanghai', from: '2027-03-22', to: '2027-03-22', by: 'staff' });
      const columns = res.body.columns as BookColumn[];
      // Cy neither works nor is booked here that day: no column. Dee, from the other store, covers a shift here.
      expect(columns.map((column) => column.name)).toEqual(['Ana', 'Bo', 'Dee']);
      const [anaColumn, boColumn, deeColumn] = columns;
      expect([deeColumn.workingIntervals, deeColumn.segments]).toEqual([[{ start: cn('12:00'), end: cn('16:00') }], []]);
      expect(anaColumn.workingIntervals).toEqual([{ start: cn('10:00'), end: cn('19:00') }]);
      expect(anaColumn.segments.map((s) => [s.appointmentId, s.start, s.end, s.customerName, s.resourceName])).toEqual([
        [ids.late, cn('10:00'), cn('11:30'), '王芳 Wang Fang', 'Chair 1'],
        [ids.twoServices, cn('14:00'), cn('15:30'), '李娜 Li Na', 'Chair 1'],
        [ids.twoServices, cn('15:45'), cn('16:15'), '李娜 Li Na', 'Chair 2'],
      ]);
      expect(boColumn.segments.map((s) => [s.appointmentId, s.serviceName, s.staffName])).toEqual([[ids.checkedIn, '剪发 Cut', 'Bo']]);
    });

    it('draws a week by resource: every chair, with the services it holds over the seven days', async () => {
      const res = await book({ date: '2027-03-22', days: 7, by: 'resource' }).expect(200);
      expect(res.body.to).toBe('2027-03-28');
      const columns = res.body.columns as BookColumn[];
      expect(columns.map((column) => [column.kind, column.id, column.name])).toEqual([
        ['resource', chair1, 'Chair 1'],
        ['resource', chair2, 'Chair 2'],
      ]);
      expect(columns[0].segments.map((s) => [s.appointmentId, s.start])).toEqual([
        [ids.late, cn('10:00')],
        [ids.twoServices, cn('14:00')],
      ]);
      expect(columns[1].segments.map((s) => [s.appointmentId, s.start, s.staffName])).toEqual([
        [ids.checkedIn, cn('11:00'), 'Bo'],
        [ids.twoServices, cn('15:45'), 'Ana'],
        [ids.wednesday, cn('15:00', '2027-03-24'), 'Bo'],
      ]);
      expect(columns[0].workingIntervals).toEqual([]);
    });

    it('shows someone booked on a day they do not work (Wednesday), and answers bad input and other stores with problems', async () => {
      const wednesday = await book({ date: '2027-03-24' }).expect(200);
      expect((wednesday.body.columns as BookColumn[]).map((column) => [column.name, column.workingIntervals.length, column.segments.length])).toEqual([['Bo', 0, 1]]);
      const badDays = await book({ date: '2027-03-22', days: 3 });
      expect([badDays.status, badDays.body.errors[0].field]).toEqual([400, 'days']);
      const badDate = await book({ date: '2027-02-30' });
      expect([badDate.status, badDate.body.errors[0].field]).toEqual([400, 'date']);
      const badBy = await book({ date: '2027-03-22', by: 'room' });
      expect([badBy.status, badBy.body.errors[0].field]).toEqual([400, 'by']);
      const manager = await createUser(t, { role: 'manager', storeIds: [other.id] });
      const hidden = await book({ date: '2027-03-22' }, manager.auth);
      expect([hidden.status, hidden.body.code]).toEqual([404, 'store.not_found']);
      expect(hidden.headers['content-type']).toMatch(PROBLEM);
    });

    it('takes the same handful of queries for a week of many appointments as for one', async () => {
      const actor: Actor = { kind: 'user', id: front.id, role: 'receptionist', storeIds: [store.id] };
      const service = t.app.get(StoreBookService);
      const query = { date: '2027-03-29', days: 7 as const, by: 'staff' as const };
      // Customers of their own, so the other tests' lists stay as they are.
      const regular = await insertBareCustomer(t);
      await insertAppointment(t, { storeId: store.id, customerId: regular, segments: [segment(cut, bo, chair2, cn('10:00', '2027-03-29'), CUT)] });
      const one = await countQueries(t.app, () => service.book(actor, store.id, query));
      for (let day = 30; day <= 31; day++) {
        for (const hour of ['10:00', '12:00', '14:00']) {
          const customer = hour === '10:00' ? regular : await insertBareCustomer(t);
          await insertAppointment(t, { storeId: store.id, customerId: customer, segments: [segment(cut, bo, chair2, cn(hour, `2027-03-${day}`), CUT)] });
        }
      }
      const many = await countQueries(t.app, () => service.book(actor, store.id, query));
      expect(many.result.columns.flatMap((column) => column.segments)).toHaveLength(7);
      expect(many.statements.length).toBe(one.statements.length);
      expect(many.statements.length).toBeLessThanOrEqual(6);
    });
  });

  describe("a staff member's day", () => {
    it('lists her appointments that day; a beautician sees only her own', async () => {
      const own = await t.http.get(`/v1/staff/${ana.id}/appointments`).query({ date: '2027-03-22' }).set(ana.user!.auth).expect(200);
      expect(own.body).toMatchObject({ staffMemberId: ana.id, displayName: 'Ana', date: '2027-03-22' });
      expect(own.body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.late, ids.twoServices]);
      expect(own.body.appointments[0].customer.phone).toMatch(/^139\*\*\*\*\d{4}$/);
      const colleague = await t.http.get(`/v1/staff/${bo.id}/appointments`).query({ date: '2027-03-22' }).set(ana.user!.auth);
      expect([colleague.status, colleague.body.code]).toEqual([404, 'staff_member.not_found']);
      const desk = await t.http.get(`/v1/staff/${bo.id}/appointments`).query({ date: '2027-03-22' }).set(front.auth).expect(200);
      expect(desk.body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.checkedIn]);
      const noDate = await t.http.get(`/v1/staff/${bo.id}/appointments`).set(front.auth);
      expect([noDate.status, noDate.body.errors[0].field]).toEqual([400, 'date']);
    });

    it('shows only the stores the caller sees', async () => {
      const all = await t.http.get(`/v1/staff/${cy.id}/appointments`).query({ date: '2027-03-22' }).set(owner.auth).expect(200);
      expect(all.body.appointments.map((a: { id: string }) => a.id)).toEqual([ids.otherStore]);
      const desk = await t.http.get(`/v1/staff/${cy.id}/appointments`).query({ date: '2027-03-22' }).set(front.auth).expect(200);
      expect(desk.body.appointments).toEqual([]);
    });
  });

  describe("a customer's appointments", () => {
    it('lists upcoming ones soonest first, then past ones latest first, across pages', async () => {
      const all = await t.http.get(`/v1/customers/${li}/appointments`).set(owner.auth).expect(200);
      // At 11:30 the checked-in cut (11:00–11:30) has just ended.
      expect(all.body.data.map((a: { id: string }) => a.id)).toEqual([ids.twoServices, ids.cancelled, ids.checkedIn, ids.past]);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get(`/v1/customers/${li}/appointments`)
          .query({ limit: 1, ...(cursor ? { cursor } : {}) })
          .set(owner.auth)
          .expect(200);
        seen.push(...page.body.data.map((a: { id: string }) => a.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.body.data.map((a: { id: string }) => a.id));
    });

    it("leaves out other stores' appointments and answers an unknown customer with 404", async () => {
      const desk = await t.http.get(`/v1/customers/${wang}/appointments`).set(front.auth).expect(200);
      expect(desk.body.data.map((a: { id: string }) => a.id)).toEqual([ids.wednesday, ids.late]);
      const everyone = await t.http.get(`/v1/customers/${wang}/appointments`).set(owner.auth).expect(200);
      expect(everyone.body.data.map((a: { id: string }) => a.id)).toContain(ids.otherStore);
      const unknown = await t.http.get('/v1/customers/00000000-0000-4000-8000-000000000000/appointments').set(owner.auth);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'customer.not_found']);
    });
  });

  describe('arrivals', () => {
    it("lists today's expected and present customers in start order, late when the start passed without a check-in", async () => {
      const res = await t.http.get(`/v1/stores/${store.id}/arrivals`).set(front.auth).expect(200);
      expect(res.body).toMatchObject({ storeId: store.id, date: '2027-03-22', timeZone: 'Asia/Shanghai' });
      expect(res.body.arrivals.map((a: { appointmentId: string; status: string; late: boolean }) => [a.appointmentId, a.status, a.late])).toEqual([
        [ids.late, 'booked', true],
        [ids.checkedIn, 'checked_in', false],
        [ids.twoServices, 'confirmed', false],
      ]);
      const two = res.body.arrivals[2];
      expect(two.services).toEqual([`${colourName} · 短发 Short hair`, '剪发 Cut · 洗剪吹 Wash and cut']);
      expect(two.staff).toEqual([{ staffMemberId: ana.id, name: 'Ana' }]);
      // The front desk sees the full number; a beautician a masked one.
      expect(two.customer.phone).toMatch(/^\+86139\d{8}$/);
      const masked = await t.http.get(`/v1/stores/${store.id}/arrivals`).set(ana.user!.auth).expect(200);
      expect(masked.body.arrivals[2].customer.phone).toMatch(/^139\*\*\*\*\d{4}$/);
      const wednesday = await t.http.get(`/v1/stores/${store.id}/arrivals`).query({ date: '2027-03-24' }).set(front.auth).expect(200);
      expect(wednesday.body.arrivals.map((a: { appointmentId: string; late: boolean }) => [a.appointmentId, a.late])).toEqual([[ids.wednesday, false]]);
    });
  });

  describe('elsewhere', () => {
    it("puts bookings and how they ended on the customer's timeline", async () => {
      await t.sql(
        `INSERT INTO appointment_status_history (appointment_id, from_status, to_status, actor_type, actor_id, reason, at)
         VALUES ($1, 'booked', 'cancelled', 'user', $2, '感冒了 Has a cold', now() + interval '1 minute')`,
        [ids.cancelled, front.id],
      );
      await t.sql(`INSERT INTO appointment_status_history (appointment_id, from_status, to_status, actor_type, at) VALUES ($1, 'in_service', 'completed', 'system', now())`, [
        ids.past,
      ]);
      const res = await t.http.get(`/v1/customers/${li}/timeline`).set(owner.auth).expect(200);
      const entries = (res.body.data as Array<{ source: string; type: string; summary: string; data: { appointmentId: string; reason: string | null } }>).filter(
        (entry) => entry.source === 'appointments',
      );
      expect(entries[0]).toMatchObject({ type: 'appointment.cancelled', data: { appointmentId: ids.cancelled, reason: '感冒了 Has a cold' } });
      expect(entries[0].summary).toContain('2027-03-22 17:00');
      expect(entries[1]).toMatchObject({ type: 'appointment.completed', data: { appointmentId: ids.past } });
      const booked = entries.filter((entry) => entry.type === 'appointment.booked').map((entry) => entry.data.appointmentId);
      expect(booked.sort()).toEqual([ids.cancelled, ids.checkedIn, ids.past, ids.twoServices].sort());
      // Paging through the merged timeline one entry at a time shows each appointment entry once.
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get(`/v1/customers/${li}/timeline`)
          .query({ limit: 1, ...(cursor ? { cursor } : {}) })
          .set(owner.auth)
          .expect(200);
        keys.push(...page.body.data.filter((entry: { source: string }) => entry.source === 'appointments').map((entry: { id: string }) => entry.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(keys).toEqual(entries.map((entry) => (entry as unknown as { id: string }).id));
    });

    it("puts a staff member's appointments in her calendar feed, one event per segment, and a cancelled one as CANCELLED", async () => {
      await t.sql(`UPDATE appointment SET updated_at = $2 WHERE id = $1`, [ids.cancelled, NOW]);
      const link = await t.http.post(`/v1/staff/${ana.id}/calendar-feed`).set(owner.auth).expect(201);
      const res = await t.http.get(link.body.url.slice(BASE.length)).buffer(true).parse(textParser).expect(200);
      const events = new ICAL.Component(ICAL.parse(res.body as string))
        .getAllSubcomponents('vevent')
        .map((component) => ({ event: new ICAL.Event(component), status: String(component.getFirstPropertyValue('status')) }))
        .filter(({ event }) => event.uid.startsWith('appointment-'))
        .map(({ event, status }) => ({ uid: event.uid, start: event.startDate.toJSDate().toISOString(), summary: event.summary, location: event.location, status }));
      expect(events).toEqual([
        {
          uid: `appointment-${ids.past}-0@bloom`,
          start: '2027-03-15T02:00:00.000Z',
          summary: '剪发 Cut · 洗剪吹 Wash and cut · 李娜 Li Na',
          location: '静安店 Jing’an',
          status: 'CONFIRMED',
        },
        {
          uid: `appointment-${ids.late}-0@bloom`,
          start: '2027-03-22T02:00:00.000Z',
          summary: `${colourName} · 短发 Short hair · 王芳 Wang Fang`,
          location: '静安店 Jing’an',
          status: 'CONFIRMED',
        },
        {
          uid: `appointment-${ids.twoServices}-0@bloom`,
          start: '2027-03-22T06:00:00.000Z',
          summary: expect.stringContaining('李娜 Li Na'),
          location: '静安店 Jing’an',
          status: 'CONFIRMED',
        },
        {
          uid: `appointment-${ids.twoServices}-1@bloom`,
          start: '2027-03-22T07:45:00.000Z',
          summary: expect.stringContaining('剪发 Cut'),
          location: '静安店 Jing’an',
          status: 'CONFIRMED',
        },
        {
          uid: `appointment-${ids.cancelled}-0@bloom`,
          start: '2027-03-22T09:00:00.000Z',
          summary: expect.stringContaining('(cancelled)'),
          location: '静安店 Jing’an',
          status: 'CANCELLED',
        },
      ]);
      // A cancellation older than the window's past is gone from the feed.
      await t.sql(`UPDATE appointment SET updated_at = $2::timestamptz - interval '40 days' WHERE id = $1`, [ids.cancelled, NOW]);
      const later = await t.http.get(link.body.url.slice(BASE.length)).buffer(true).parse(textParser).expect(200);
      expect(later.body).not.toContain(`appointment-${ids.cancelled}`);
      expect(later.body).toContain(`appointment-${ids.late}-0@bloom`);
    });

    it('shows an appointment booked and rescheduled through the API: the same feed event, a higher sequence, the new time on the book', async () => {
      await insertShift(t, { staffMemberId: ana.id, storeId: store.id, date: '2027-03-23', start: cn('10:00', '2027-03-23'), end: cn('19:00', '2027-03-23') });
      const customer = await insertBareCustomer(t, '张伟 Zhang Wei');
      const booked = await t.http
        .post('/v1/appointments')
        .set(front.auth)
        .send({ channel: 'phone', customerId: customer, storeId: store.id, startsAt: cn('10:00', '2027-03-23'), services: [{ variationId: cut, staffMemberId: ana.id }] })
        .expect(201);
      const link = await t.http.post(`/v1/staff/${ana.id}/calendar-feed`).set(owner.auth).expect(201);
      const feedEvent = async () => {
        const feed = await t.http.get(link.body.url.slice(BASE.length)).buffer(true).parse(textParser).expect(200);
        const component = new ICAL.Component(ICAL.parse(feed.body as string))
          .getAllSubcomponents('vevent')
          .find((event) => event.getFirstPropertyValue('uid') === `appointment-${booked.body.id}-0@bloom`);
        return component && { start: new ICAL.Event(component).startDate.toJSDate().toISOString(), sequence: new ICAL.Event(component).sequence };
      };
      const before = await feedEvent();
      expect(before?.start).toBe('2027-03-23T02:00:00.000Z');
      await t.http
        .post(`/v1/appointments/${booked.body.id}/reschedule`)
        .set(front.auth)
        .send({ startsAt: cn('11:00', '2027-03-23') })
        .expect(200);
      const after = await feedEvent();
      expect(after?.start).toBe('2027-03-23T03:00:00.000Z');
      expect(after!.sequence).toBeGreaterThan(before!.sequence);
      const day = await t.http.get(`/v1/stores/${store.id}/appointment-book`).query({ date: '2027-03-23' }).set(front.auth).expect(200);
      const anaColumn = (day.body.columns as BookColumn[]).find((column) => column.id === ana.id)!;
      expect(anaColumn.segments.map((s) => [s.appointmentId, s.start, s.customerName])).toEqual([[booked.body.id, cn('11:00', '2027-03-23'), '张伟 Zhang Wei']]);
    });
  });
});

function textParser(res: supertest.Response, done: (error: Error | null, body: string) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}
