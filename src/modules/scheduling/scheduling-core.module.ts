import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { StoresModule } from '../stores/index.js';
import { ResourceDirectory } from './resources/resource-directory.js';
import { StaffAccess } from './staff-access.js';
import { QualifiedStaffFinder } from './staff/qualified-staff.js';
import { ScheduleDirectory } from './staff/schedule-directory.js';
import { WorkingTimeReader } from './working-time/working-time.reader.js';

/** What every scheduling capability shares: who may see whom, and the reads other modules get through SchedulingService. */
@Module({
  imports: [CatalogModule, StoresModule],
  providers: [StaffAccess, WorkingTimeReader, QualifiedStaffFinder, ResourceDirectory, ScheduleDirectory],
  exports: [StaffAccess, WorkingTimeReader, QualifiedStaffFinder, ResourceDirectory, ScheduleDirectory],
})
export class SchedulingCoreModule {}
