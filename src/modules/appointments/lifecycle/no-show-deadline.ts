import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineHandler, DeadlineService, defineDeadlineKind, type DueDeadline } from '../../../common/deadlines/index.js';
import { AppointmentChanges, type AppointmentChange, type AppointmentReaction } from '../appointment-changes.js';
import { BookingPolicies } from '../booking-policy/booking-policies.js';
import { AppointmentLifecycle } from './appointment-lifecycle.service.js';

export const APPOINTMENT_NO_SHOW = defineDeadlineKind('appointment.no_show', {
  description: "An appointment never checked in becomes a no-show the store's noShowAfterMinutes after its end (none when the policy says null)",
});

/**
 * The automatic no-show (issue 13): a deadline per appointment, due `noShowAfterMinutes` after its
 * end, set when it is booked, moved when it is rescheduled, and cancelled once the customer has come
 * or the appointment is over another way. When it falls due, the appointment becomes a no-show by
 * the system if it is still booked or confirmed.
 */
@Injectable()
export class NoShowDeadlines implements AppointmentReaction, OnModuleInit {
  readonly name = 'no-show deadline';

  constructor(
    @Inject(AppointmentChanges) private readonly changes: AppointmentChanges,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(BookingPolicies) private readonly policies: BookingPolicies,
    @Inject(AppointmentLifecycle) private readonly lifecycle: AppointmentLifecycle,
  ) {}

  onModuleInit(): void {
    this.changes.register(this);
  }

  async onChange(change: AppointmentChange): Promise<void> {
    const { appointment } = change;
    switch (change.kind) {
      case 'created':
      case 'rescheduled': {
        const { noShowAfterMinutes } = await this.policies.forStore(appointment.storeId);
        if (noShowAfterMinutes === null) await this.deadlines.cancel(APPOINTMENT_NO_SHOW, appointment.id);
        else await this.deadlines.schedule(APPOINTMENT_NO_SHOW, appointment.id, new Date(appointment.endsAt.getTime() + noShowAfterMinutes * 60_000));
        return;
      }
      case 'checked_in':
      case 'started':
      case 'completed':
      case 'cancelled':
      case 'no_show':
        await this.deadlines.cancel(APPOINTMENT_NO_SHOW, appointment.id);
        return;
      default:
        // Confirmed or its details changed: the customer is still expected.
        return;
    }
  }

  /** Runs in the deadline's claim transaction; an appointment the customer came to, or that is over, is left alone. */
  @DeadlineHandler(APPOINTMENT_NO_SHOW)
  async fire(deadline: DueDeadline): Promise<void> {
    await this.lifecycle.noShowIfNeverCame(deadline.subjectId);
  }
}
