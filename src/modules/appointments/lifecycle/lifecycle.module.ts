import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../../../common/deadlines/index.js';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { AppointmentLinkLimiter } from '../links/appointment-link-limiter.js';
import { AppointmentLinksController } from '../links/appointment-links.controller.js';
import { AppointmentLinks } from '../links/appointment-links.service.js';
import { AppointmentLifecycleController } from './appointment-lifecycle.controller.js';
import { AppointmentReader } from './appointment-reader.js';
import { APPOINTMENT_NO_SHOW, NoShowDeadlines } from './no-show-deadline.js';

/**
 * The life cycle of an appointment (issue 13): reading one and its history, its notes, the moves
 * from booked to completed, cancelled or a no-show (AppointmentLifecycle, in the core), the automatic
 * no-show, and the reminder links by which a customer confirms or cancels without signing in.
 */
@Module({
  imports: [AppointmentsCoreModule, DeadlinesModule.forKinds(APPOINTMENT_NO_SHOW)],
  controllers: [AppointmentLifecycleController, AppointmentLinksController],
  providers: [AppointmentReader, NoShowDeadlines, AppointmentLinks, AppointmentLinkLimiter],
})
export class LifecycleModule {}
