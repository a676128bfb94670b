import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../../../common/deadlines/index.js';
import { NotificationsModule } from '../../notifications/index.js';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { AppointmentDescriptions } from './appointment-descriptions.js';
import { AppointmentNotices } from './appointment-notices.js';
import { APPOINTMENT_REMIND, AppointmentReminders } from './appointment-reminders.js';
import { ReminderLinks } from './reminder-links.js';
import './appointment-webhooks.js';

/**
 * Reminders, notices and webhooks of appointments (issue 13 "Reminders and notices"): reactions to
 * every change (AppointmentChanges), run in the change's transaction. No routes of its own.
 */
@Module({
  imports: [AppointmentsCoreModule, NotificationsModule, DeadlinesModule.forKinds(APPOINTMENT_REMIND)],
  providers: [AppointmentDescriptions, ReminderLinks, AppointmentReminders, AppointmentNotices],
})
export class NoticesModule {}
