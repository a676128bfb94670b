import { Module } from '@nestjs/common';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { ShiftConflicts } from './shift-conflicts.js';
import { ShiftPlanner } from './shift-planner.js';
import { ShiftPlanningTask } from './shift-planning.task.js';
import { ShiftTemplatesController } from './shift-templates.controller.js';
import { ShiftTemplatesService } from './shift-templates.service.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsService } from './shifts.service.js';

/** Weekly templates, the shifts they plan and dated shifts: /v1/staff/{id}/templates and /v1/staff/{id}/shifts. */
@Module({
  imports: [SchedulingCoreModule, StoresModule],
  controllers: [ShiftTemplatesController, ShiftsController],
  providers: [ShiftConflicts, ShiftPlanner, ShiftPlanningTask, ShiftTemplatesService, ShiftsService],
  exports: [ShiftTemplatesService, ShiftPlanningTask],
})
export class WorkingTimeModule {}
