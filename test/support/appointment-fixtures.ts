/**
 * A store ready for appointments that tests move through their life: a 30-minute cut, a booking
 * policy (2 h cancellation window, ¥50 fee, no-show right at the end), and `appointment()`, which
 * inserts a booked appointment for a new customer with a staff member of its own (so any number of
 * them may overlap in time) at a start given in minutes from now.
 */
import { Db } from '../../src/common/database/index.js';
import { AppointmentChanges } from '../../src/modules/appointments/appointment-changes.js';
import { AppointmentRecords } from '../../src/modules/appointments/booking/appointment-records.js';
import type { TestApp } from './app.js';
import { insertAppointment, insertBareCustomer } from './appointments.js';
import { categoryId, cny, serviceBody } from './catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './factories.js';
import { createStaffMember } from './scheduling.js';

export const FEE = cny(5000);

/** The store's booking policy (PUT /v1/stores/{id}/booking-policy). */
export const POLICY = {
  slotMinutes: 15,
  minNoticeMinutes: 0,
  horizonDays: 60,
  dailyCapPerStaff: null,
  cancellationWindowMinutes: 120,
  lateCancellationFee: FEE,
  noShowAfterMinutes: 0,
  reminderOffsetsMinutes: [1440],
  holdMinutes: 5,
};

export interface AppointmentBook {
  owner: UserRecord;
  store: StoreRecord;
  variation: string;
  /** A booked appointment starting `startInMinutes` from now (negative: already started), `minutes` long. */
  appointment(options?: { startInMinutes?: number; minutes?: number; staffMemberId?: string; status?: string }): Promise<{ id: string; customerId: string; staffMemberId: string }>;
  /** What booking records: the change `created`, so the appointment's deadlines are set. */
  recordCreated(id: string): Promise<void>;
}

export async function appointmentBook(t: TestApp, policy: Record<string, unknown> = {}): Promise<AppointmentBook> {
  const owner = await createUser(t, { role: 'owner' });
  const store = await createStore(t);
  const service = await t.http
    .post('/v1/services')
    .set(owner.auth)
    .send(
      serviceBody(await categoryId(t, 'hair_colour'), {
        name: '剪发 Cut',
        skill: 'haircut',
        timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
        variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
      }),
    )
    .expect(201);
  const variation = service.body.variations[0].id as string;
  await t.http
    .put(`/v1/stores/${store.id}/booking-policy`)
    .set(owner.auth)
    .send({ ...POLICY, ...policy })
    .expect(200);
  return {
    owner,
    store,
    variation,
    async appointment({ startInMinutes = 3 * 24 * 60, minutes = 30, staffMemberId, status } = {}) {
      const staff = staffMemberId ?? (await createStaffMember(t, { storeIds: [store.id], skills: { haircut: 3 } })).id;
      const customerId = await insertBareCustomer(t);
      const start = new Date(Date.now() + startInMinutes * 60_000);
      const id = await insertAppointment(t, {
        storeId: store.id,
        customerId,
        status,
        segments: [{ variationId: variation, staffMemberId: staff, start, blocks: { active: minutes }, price: 12800 }],
      });
      return { id, customerId, staffMemberId: staff };
    },
    async recordCreated(id) {
      await t.app.get(Db).transaction(async () => {
        const record = await t.app.get(AppointmentRecords).find(id);
        await t.app.get(AppointmentChanges).record({ kind: 'created', appointment: record!, actor: null });
      });
    },
  };
}
