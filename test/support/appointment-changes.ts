/**
 * Changes of appointments as the use cases make them, for tests of what reacts to them (reminders,
 * notices, webhooks) where the routes cannot: the rows are written directly (support/appointments.ts)
 * and the change is recorded with `AppointmentChanges.record`, as BookingService and the life cycle do.
 * Reminder tests need starts off the booking grid (a reminder due in seconds) and transitions the state
 * machine allows only later (a no-show before the start); recurring series are not bookable yet.
 */
import { Db } from '../../src/common/database/index.js';
import type { Actor, StaffRole } from '../../src/common/http/request-context.js';
import { AppointmentChanges } from '../../src/modules/appointments/appointment-changes.js';
import { AppointmentRecords, type AppointmentRecord } from '../../src/modules/appointments/booking/appointment-records.js';
import type { TestApp } from './app.js';
import { insertAppointment, type SegmentFixture } from './appointments.js';

export function appointmentChangesOf(t: TestApp) {
  const db = t.app.get(Db);
  const records = t.app.get(AppointmentRecords);
  const changes = t.app.get(AppointmentChanges);
  const find = async (id: string): Promise<AppointmentRecord> => {
    const record = await records.find(id);
    if (!record) throw new Error(`no appointment ${id}`);
    return record;
  };
  return {
    find,
    /** Books: the rows (the fixture's), then `created` (a `channel` other than the fixture's `phone` when given). */
    async book(options: { storeId: string; customerId: string; segments: SegmentFixture[]; channel?: string; seriesId?: string; actor?: Actor | null }): Promise<string> {
      const id = await insertAppointment(t, options);
      await db.transaction(async () => {
        if (options.channel) await db.execute('UPDATE appointment SET channel = $2 WHERE id = $1', [id, options.channel]);
        if (options.seriesId) await db.execute('UPDATE appointment SET series_id = $2 WHERE id = $1', [id, options.seriesId]);
        await changes.record({ kind: 'created', appointment: await find(id), actor: options.actor ?? null });
      });
      return id;
    },
    /** Moves every segment by the same amount (to start at `start`), optionally to another staff member, then `rescheduled`. */
    async reschedule(id: string, start: Date, options: { actor?: Actor | null; staffMemberId?: string } = {}): Promise<AppointmentRecord> {
      return db.transaction(async () => {
        const before = await find(id);
        const shift = `${start.getTime() - before.startsAt.getTime()} milliseconds`;
        await db.execute(
          `UPDATE booking_segment SET starts_at = starts_at + $2::interval, ends_at = ends_at + $2::interval,
                  staff_busy = tstzmultirange(tstzrange(starts_at + $2::interval, ends_at + $2::interval)),
                  resource_busy = CASE WHEN resource_id IS NULL THEN NULL ELSE tstzrange(starts_at + $2::interval, ends_at + $2::interval) END,
                  staff_member_id = coalesce($3, staff_member_id)
            WHERE appointment_id = $1`,
          [id, shift, options.staffMemberId ?? null],
        );
        await db.execute('UPDATE appointment SET starts_at = starts_at + $2::interval, ends_at = ends_at + $2::interval, version = version + 1 WHERE id = $1', [id, shift]);
        const after = await find(id);
        await changes.record({
          kind: 'rescheduled',
          appointment: after,
          previous: { startsAt: before.startsAt, endsAt: before.endsAt, segments: before.segments },
          actor: options.actor ?? null,
        });
        return after;
      });
    },
    /** Any other transition, by SQL, then its change. */
    async transition(id: string, kind: 'checked_in' | 'completed' | 'no_show' | 'confirmed', actor: Actor | null = null): Promise<void> {
      const status = kind === 'confirmed' ? 'confirmed' : kind;
      await db.transaction(async () => {
        await db.execute('UPDATE appointment SET status = $2, version = version + 1 WHERE id = $1', [id, status]);
        await changes.record({ kind, appointment: await find(id), actor });
      });
    },
  };
}

/** A staff user as the request context describes them. */
export function staffActor(user: { id: string; role: StaffRole; name: string }, storeIds: string[]): Actor {
  return { kind: 'user', id: user.id, role: user.role, storeIds, name: user.name };
}
