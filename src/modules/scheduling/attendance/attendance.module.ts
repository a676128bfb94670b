import { Module } from '@nestjs/common';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { AttendanceCorrectionsService } from './attendance-corrections.service.js';
import { AttendanceController } from './attendance.controller.js';
import { AttendanceService } from './attendance.service.js';

/** Attendance (考勤): clocking in and out, the figures against the plan, and managers' corrections. */
@Module({
  imports: [SchedulingCoreModule, StoresModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, AttendanceCorrectionsService],
})
export class AttendanceModule {}
