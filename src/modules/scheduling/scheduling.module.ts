import { Module } from '@nestjs/common';
import { AttendanceModule } from './attendance/attendance.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ResourcesModule } from './resources/resources.module.js';
import { RosterModule } from './roster/roster.module.js';
import { SchedulingCoreModule } from './scheduling-core.module.js';
import { SchedulingService } from './scheduling.service.js';
import { StaffModule } from './staff/staff.module.js';
import { TimeOffModule } from './time-off/time-off.module.js';
import { WorkingTimeModule } from './working-time/working-time.module.js';

/**
 * Who works where and when (DESIGN §2 `modules/scheduling`): staff members, levels and skills; weekly
 * templates, shifts and breaks; time off; attendance; the roster and each person's calendar feed; rooms
 * and machines. Appointments read it through SchedulingService.
 */
@Module({
  imports: [SchedulingCoreModule, StaffModule, WorkingTimeModule, TimeOffModule, AttendanceModule, RosterModule, CalendarModule, ResourcesModule],
  providers: [SchedulingService],
  exports: [SchedulingService],
})
export class SchedulingModule {}
