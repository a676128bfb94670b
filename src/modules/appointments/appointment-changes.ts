/**
 * The one place every change of an appointment passes through, inside the use case's transaction:
 * booking, the life cycle, reschedules, customer sessions and reminder links call `record()` after
 * writing; it publishes the durable event (webhooks, inventory) and runs the module's reactions
 * (reminder and no-show deadlines, notices to the customer and staff, the waitlist), so they commit
 * with the change or not at all. A reaction registers itself at boot:
 *
 * ```ts
 * @Injectable()
 * export class AppointmentReminders implements AppointmentReaction, OnModuleInit {
 *   readonly name = 'reminders';
 *   constructor(@Inject(AppointmentChanges) private readonly changes: AppointmentChanges) {}
 *   onModuleInit() { this.changes.register(this); }
 *   async onChange(change: AppointmentChange) { … schedule, move or cancel its deadlines … }
 * }
 * ```
 */
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { DurableEvents } from '../../common/events/index.js';
import type { Actor } from '../../common/http/request-context.js';
import type { AppointmentEventName } from './appointments.events.js';
import type { AppointmentRecord, SegmentRecord } from './booking/appointment-records.js';
import type { BookedBy } from './booking/booking.service.js';

export type AppointmentChangeKind =
  | 'created'
  /** Notes, special requests: nothing about time or people. */
  | 'details'
  | 'rescheduled'
  | 'confirmed'
  | 'cancelled'
  | 'checked_in'
  | 'started'
  | 'completed'
  | 'no_show';

export interface AppointmentChange {
  kind: AppointmentChangeKind;
  /** The appointment after the change. */
  appointment: AppointmentRecord;
  /** For `rescheduled`: where it was. */
  previous?: { startsAt: Date; endsAt: Date; segments: SegmentRecord[] };
  /** Who made it (null: the system — a deadline, a sweep); a customer session's actor for a customer. */
  actor: Actor | null;
  /** Who it is recorded as made by when not the actor: the customer, by a reminder's link (actor null) or a customer session. */
  by?: BookedBy;
  /** The cancellation's or no-show's reason, the note of a transition. */
  reason?: string | null;
}

export interface AppointmentReaction {
  /** Unique, for errors and logs. */
  readonly name: string;
  /** Runs in the change's transaction: throw to roll the change back. Keep it local (no calls to the outside world: use the outbox). */
  onChange(change: AppointmentChange): Promise<void>;
}

const EVENT_OF: Record<AppointmentChangeKind, { name: AppointmentEventName; change: string | null }> = {
  created: { name: 'appointment.created', change: null },
  details: { name: 'appointment.updated', change: 'details' },
  confirmed: { name: 'appointment.updated', change: 'confirmed' },
  started: { name: 'appointment.updated', change: 'started' },
  rescheduled: { name: 'appointment.rescheduled', change: null },
  cancelled: { name: 'appointment.cancelled', change: null },
  checked_in: { name: 'appointment.checked_in', change: null },
  completed: { name: 'appointment.completed', change: null },
  no_show: { name: 'appointment.no_show', change: null },
};

@Injectable()
export class AppointmentChanges {
  private readonly reactions = new Map<string, AppointmentReaction>();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DurableEvents) private readonly events: DurableEvents,
  ) {}

  register(reaction: AppointmentReaction): void {
    if (this.reactions.has(reaction.name)) throw new Error(`appointment reaction ${reaction.name} is registered twice`);
    this.reactions.set(reaction.name, reaction);
  }

  get reactionNames(): string[] {
    return [...this.reactions.keys()];
  }

  /** Publishes the change's durable event and runs every reaction, in the caller's transaction. */
  async record(change: AppointmentChange): Promise<void> {
    this.db.requireTransaction('appointment change');
    const { appointment, previous } = change;
    const event = EVENT_OF[change.kind];
    await this.events.publish(event.name, {
      appointmentId: appointment.id,
      number: appointment.number,
      storeId: appointment.storeId,
      customerId: appointment.customerId,
      status: appointment.status,
      channel: appointment.channel,
      startsAt: appointment.startsAt.toISOString(),
      endsAt: appointment.endsAt.toISOString(),
      staffMemberIds: [...new Set(appointment.segments.map((segment) => segment.staffMemberId))],
      variationIds: appointment.segments.map((segment) => segment.variationId),
      change: event.change,
      previousStartsAt: previous ? previous.startsAt.toISOString() : null,
    });
    for (const reaction of this.reactions.values()) await reaction.onChange(change);
  }
}
