import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/index.js';
import { CustomersModule } from '../../customers/index.js';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { PreferredStaffController } from './preferred-staff.controller.js';
import { PreferredStaffService } from './preferred-staff.service.js';
import { StaffLevelsController } from './staff-levels.controller.js';
import { StaffLevelsService } from './staff-levels.service.js';
import { StaffMembersController } from './staff-members.controller.js';
import { StaffMembersService } from './staff-members.service.js';

/** Staff members (stores, level, skills, sign-in), the levels, and a customer's preferred staff. */
@Module({
  imports: [SchedulingCoreModule, CatalogModule, StoresModule, CustomersModule],
  controllers: [StaffLevelsController, StaffMembersController, PreferredStaffController],
  providers: [StaffLevelsService, StaffMembersService, PreferredStaffService],
  exports: [StaffLevelsService, StaffMembersService],
})
export class StaffModule {}
