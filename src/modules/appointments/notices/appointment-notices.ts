/**
 * Notices at once (issue 13): the customer gets a confirmation of every booking, and a notice when
 * the appointment moves or is cancelled; every staff member serving it (before and after a move)
 * hears of a move or a cancellation in-app and by SMS; the store's receptionists and managers see
 * bookings customers made online in their inbox's live stream. Nobody is told of what they did
 * themselves. A move or a cancellation is written in the change's transaction; a booking's
 * confirmation by a worker from its durable event `appointment.created`, a moment after it commits
 * (it reads the customer, the store, the staff and the services: booking throughput, DESIGN §7).
 * Either way a rollback sends nothing.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../common/clock/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';
import { NotificationRecipients, NotificationsService } from '../../notifications/index.js';
import { AppointmentChanges, type AppointmentChange, type AppointmentReaction } from '../appointment-changes.js';
import { AppointmentRecords, type AppointmentRecord } from '../booking/appointment-records.js';
import { ONLINE_CHANNELS } from '../booking/appointment.entity.js';
import { AppointmentDescriptions, localDateTime, type AppointmentDescription } from './appointment-descriptions.js';
import {
  APPOINTMENT_BOOKED,
  APPOINTMENT_BOOKED_ONLINE,
  APPOINTMENT_CANCELLED,
  APPOINTMENT_RESCHEDULED,
  APPOINTMENT_STAFF_CANCELLED,
  APPOINTMENT_STAFF_RESCHEDULED,
} from './appointment-notifications.js';
import { startsSoon } from './message-urgency.js';

/** Who made the change, as notices tell people apart: a staff user's id, or the customer. */
interface ChangeAuthor {
  staffUserId: string | null;
  customer: boolean;
}

/** Who booked, as the appointment records it. */
function bookerOf(record: AppointmentRecord): ChangeAuthor {
  return { staffUserId: record.bookedByType === 'user' ? record.bookedById : null, customer: record.bookedByType === 'customer' };
}

function authorOf(change: AppointmentChange): ChangeAuthor {
  const { actor, by } = change;
  // `by` names the customer when they acted through a reminder's link or a customer session.
  if (by) return { staffUserId: by.type === 'user' ? by.id : null, customer: by.type === 'customer' };
  return { staffUserId: actor?.kind === 'user' ? actor.id : null, customer: false };
}

@Injectable()
export class AppointmentNotices implements AppointmentReaction, OnModuleInit {
  readonly name = 'notices';

  constructor(
    @Inject(AppointmentChanges) private readonly changes: AppointmentChanges,
    @Inject(AppointmentDescriptions) private readonly descriptions: AppointmentDescriptions,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.changes.register(this);
  }

  async onChange(change: AppointmentChange): Promise<void> {
    if (change.kind === 'rescheduled') await this.rescheduled(change);
    else if (change.kind === 'cancelled') await this.cancelled(change);
  }

  /** At least once per booking: the notifications' dedupe keys make a second delivery send nothing. */
  @OnDurableEvent('appointment.created', { name: 'appointments.booking-notices' })
  async onCreated(event: DeliveredEvent<'appointment.created'>): Promise<void> {
    const record = await this.records.find(event.payload.appointmentId);
    // Cancelled before a worker came to it: the cancellation's notice says all there is to say.
    if (record && record.status !== 'cancelled') await this.booked(record);
  }

  private async booked(record: AppointmentRecord): Promise<void> {
    const description = await this.descriptions.describe(record);
    // A recurring series is one booking to people: its first occurrence is confirmed, the others add nothing.
    const booking = record.seriesId ? `series:${record.seriesId}` : record.id;
    await this.notifications.toCustomer(record.customerId, APPOINTMENT_BOOKED.key, description.variables, {
      storeId: record.storeId,
      urgent: startsSoon(record.startsAt, this.clock.nowMs()),
      dedupeKey: `appointment.booked:${booking}`,
    });
    if (!ONLINE_CHANNELS.includes(record.channel)) return;
    const author = bookerOf(record);
    const desk = await this.recipients.staff.members({ roles: ['receptionist', 'manager'], storeId: record.storeId });
    const userIds = desk.map((member) => member.userId).filter((id) => id !== author.staffUserId);
    if (userIds.length === 0) return;
    await this.notifications.toStaff(
      { userIds },
      APPOINTMENT_BOOKED_ONLINE.key,
      { ...description.variables, customerName: await this.descriptions.customerName(record), channel: record.channel },
      { storeId: record.storeId, dedupeKey: `appointment.booked_online:${booking}` },
    );
  }

  private async rescheduled(change: AppointmentChange): Promise<void> {
    const record = change.appointment;
    const previous = change.previous;
    const description = await this.descriptions.describe(record, previous?.segments.map((segment) => segment.staffMemberId) ?? []);
    const before = previous ? localDateTime(previous.startsAt, record.timeZone) : { date: '', time: '' };
    const variables = { ...description.variables, previousDate: before.date, previousTime: before.time, reason: change.reason ?? '' };
    const author = authorOf(change);
    const soon = startsSoon(previous && previous.startsAt < record.startsAt ? previous.startsAt : record.startsAt, this.clock.nowMs());
    // Each move is its own notice: the version tells one move from the next.
    const dedupe = `${record.id}:${record.version}`;
    if (!author.customer) {
      await this.notifications.toCustomer(record.customerId, APPOINTMENT_RESCHEDULED.key, variables, {
        storeId: record.storeId,
        urgent: soon,
        dedupeKey: `appointment.rescheduled:${dedupe}`,
      });
    }
    await this.toStaff(record, description, author, APPOINTMENT_STAFF_RESCHEDULED.key, variables, soon, dedupe);
  }

  private async cancelled(change: AppointmentChange): Promise<void> {
    const record = change.appointment;
    const description = await this.descriptions.describe(record);
    const reason = change.reason ?? record.cancelReason ?? '';
    const author = authorOf(change);
    const soon = startsSoon(record.startsAt, this.clock.nowMs());
    if (!author.customer) {
      await this.notifications.toCustomer(
        record.customerId,
        APPOINTMENT_CANCELLED.key,
        { ...description.variables, reason },
        {
          storeId: record.storeId,
          urgent: soon,
          dedupeKey: `appointment.cancelled:${record.id}`,
        },
      );
    }
    await this.toStaff(record, description, author, APPOINTMENT_STAFF_CANCELLED.key, { ...description.variables, reason }, soon, record.id);
  }

  /** Every staff member described who signs in, except the author; the variables get the customer's name. */
  private async toStaff(
    record: AppointmentRecord,
    description: AppointmentDescription,
    author: ChangeAuthor,
    key: string,
    variables: Record<string, string>,
    urgent: boolean,
    dedupe: string,
  ): Promise<void> {
    const userIds = [...new Set(description.staff.map((member) => member.userId))].filter((id): id is string => id !== null && id !== author.staffUserId);
    if (userIds.length === 0) return;
    const customerName = await this.descriptions.customerName(record);
    await this.notifications.toStaff({ userIds }, key, { ...variables, customerName }, { storeId: record.storeId, urgent, dedupeKey: `${key}:${dedupe}` });
  }
}
