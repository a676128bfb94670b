/**
 * Reminders before an appointment (issue 13): one deadline per offset of the store's policy
 * (`reminderOffsetsMinutes`, 24 h and 2 h by default) whose time is still ahead, set when the
 * appointment is booked, moved when it is rescheduled, cancelled when it is cancelled, checked in,
 * completed or a no-show. Each offset has its own `appointment_reminder` row, the deadline's subject.
 * At due time the handler re-reads the appointment and sends only if it is still expected (booked or
 * confirmed) at the start the reminder was for.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { DeadlineHandler, DeadlineService, defineDeadlineKind, type DueDeadline } from '../../../common/deadlines/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { AppointmentChanges, type AppointmentChange, type AppointmentChangeKind, type AppointmentReaction } from '../appointment-changes.js';
import { BookingPolicies } from '../booking-policy/booking-policies.js';
import { AppointmentRecords, type AppointmentRecord } from '../booking/appointment-records.js';
import { UPCOMING_STATES } from '../booking/appointment-state.js';
import { AppointmentDescriptions } from './appointment-descriptions.js';
import { APPOINTMENT_REMINDER } from './appointment-notifications.js';
import { startsSoon } from './message-urgency.js';
import { ReminderLinks } from './reminder-links.js';

export const APPOINTMENT_REMIND = defineDeadlineKind('appointment.remind', {
  description: "An appointment's reminder (one per offset of the store's policy) goes to the customer, if the appointment is still booked or confirmed at that start",
});

const MINUTE_MS = 60_000;
/** After these the customer is no longer expected: the reminders still pending are cancelled. */
const ENDS_REMINDERS: readonly AppointmentChangeKind[] = ['cancelled', 'no_show', 'checked_in', 'completed'];

interface ReminderRow {
  id: string;
  appointmentId: string;
  offsetMinutes: number;
  startsAt: Date;
}

@Injectable()
export class AppointmentReminders implements AppointmentReaction, OnModuleInit {
  readonly name = 'reminders';

  constructor(
    @Inject(AppointmentChanges) private readonly changes: AppointmentChanges,
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(BookingPolicies) private readonly policies: BookingPolicies,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(AppointmentDescriptions) private readonly descriptions: AppointmentDescriptions,
    @Inject(ReminderLinks) private readonly links: ReminderLinks,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.changes.register(this);
  }

  async onChange(change: AppointmentChange): Promise<void> {
    if (change.kind === 'created') await this.schedule(change.appointment, { isNew: true });
    else if (change.kind === 'rescheduled') await this.schedule(change.appointment, { isNew: false });
    else if (ENDS_REMINDERS.includes(change.kind)) await this.cancelAll(change.appointment.id);
  }

  /**
   * One deadline per offset still ahead; the appointment's other reminders (offsets now past, or gone
   * from the policy) are cancelled. A new appointment has none yet: its rows are written in one statement.
   */
  private async schedule(record: AppointmentRecord, { isNew }: { isNew: boolean }): Promise<void> {
    const { reminderOffsetsMinutes } = await this.policies.forStore(record.storeId);
    const now = this.clock.nowMs();
    const ahead = [...new Set(reminderOffsetsMinutes)].filter((offset) => record.startsAt.getTime() - offset * MINUTE_MS > now);
    if (!isNew) {
      for (const row of await this.rowsOf(record.id)) {
        if (!ahead.includes(row.offsetMinutes)) await this.deadlines.cancel(APPOINTMENT_REMIND, row.id);
      }
    }
    if (ahead.length === 0) return;
    const rows = await this.db.rows<{ id: string; dueAt: Date }>(
      `INSERT INTO appointment_reminder (appointment_id, offset_minutes, starts_at, due_at)
       SELECT $1, o, $2, $2::timestamptz - make_interval(mins => o) FROM unnest($3::int[]) AS o
       ON CONFLICT (appointment_id, offset_minutes) DO UPDATE SET starts_at = EXCLUDED.starts_at, due_at = EXCLUDED.due_at
       RETURNING id, due_at AS "dueAt"`,
      [record.id, record.startsAt, ahead],
    );
    // Moves a pending deadline of the same reminder (a new row and job), or writes the first one.
    await this.deadlines.scheduleMany(rows.map((row) => ({ kind: APPOINTMENT_REMIND, subjectId: row.id, dueAt: row.dueAt })));
  }

  private async cancelAll(appointmentId: string): Promise<void> {
    for (const row of await this.rowsOf(appointmentId)) await this.deadlines.cancel(APPOINTMENT_REMIND, row.id);
  }

  private rowsOf(appointmentId: string): Promise<ReminderRow[]> {
    return this.db.rows<ReminderRow>(
      `SELECT id, appointment_id AS "appointmentId", offset_minutes AS "offsetMinutes", starts_at AS "startsAt" FROM appointment_reminder WHERE appointment_id = $1 ORDER BY offset_minutes DESC`,
      [appointmentId],
    );
  }

  /**
   * In the deadline's claim transaction: the notification is written (and sent after commit) with the
   * claim, or neither. The reminder row is only read, never locked or written: a reschedule holds it
   * while it moves this very deadline, which waits for our claim, so waiting for it here would deadlock.
   */
  @DeadlineHandler(APPOINTMENT_REMIND)
  async remind(deadline: DueDeadline): Promise<void> {
    const [reminder] = await this.db.rows<ReminderRow>(
      `SELECT id, appointment_id AS "appointmentId", offset_minutes AS "offsetMinutes", starts_at AS "startsAt" FROM appointment_reminder WHERE id = $1`,
      [deadline.subjectId],
    );
    if (!reminder) return;
    const record = await this.records.find(reminder.appointmentId);
    // Stale: cancelled, arrived, or moved since this reminder was set (its own deadline then is another).
    if (!record || !UPCOMING_STATES.includes(record.status) || record.startsAt.getTime() !== reminder.startsAt.getTime()) return;
    const { variables } = await this.descriptions.describe(record);
    await this.notifications.toCustomer(
      record.customerId,
      APPOINTMENT_REMINDER.key,
      { ...variables, ...this.links.linksFor(record) },
      { storeId: record.storeId, urgent: startsSoon(record.startsAt, this.clock.nowMs()), dedupeKey: `appointment.reminder:${reminder.id}:${deadline.id}` },
    );
  }
}
