import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/index.js';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { StaffTimeOffController } from './staff-time-off.controller.js';
import { TimeOffNotifier } from './time-off-notifier.js';
import { TimeOffRequestsController } from './time-off-requests.controller.js';
import { TimeOffRequestsService } from './time-off-requests.service.js';
import { TimeOffService } from './time-off.service.js';

/** Time off (请假): asked for by staff or entered by managers, decided by managers, cancelled while it matters. */
@Module({
  imports: [SchedulingCoreModule, StoresModule, NotificationsModule],
  controllers: [StaffTimeOffController, TimeOffRequestsController],
  providers: [TimeOffService, TimeOffRequestsService, TimeOffNotifier],
})
export class TimeOffModule {}
