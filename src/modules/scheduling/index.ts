/** What other modules (and the app's wiring) may import from scheduling. */
export { SchedulingModule } from './scheduling.module.js';
export { SchedulingService } from './scheduling.service.js';
export type { WorkingInterval, WorkingIntervalsQuery, QualifiedStaff, QualifiedStaffMember, ResourceWithBlocks } from './scheduling-contracts.js';
import { AttendanceCorrection, AttendanceRecord } from './attendance/attendance-record.entity.js';
import { Resource, ResourceBlock } from './resources/resource.entity.js';
import { StaffLevel } from './staff/staff-level.entity.js';
import { StaffMemberSkill } from './staff/staff-member-skill.entity.js';
import { StaffMemberStore } from './staff/staff-member-store.entity.js';
import { StaffMember } from './staff/staff-member.entity.js';
import { TimeOff, TimeOffStatusHistory } from './time-off/time-off.entity.js';
import { ShiftTemplate } from './working-time/shift-template.entity.js';
import { Shift } from './working-time/shift.entity.js';

export const SCHEDULING_ENTITIES: Function[] = [
  StaffLevel,
  StaffMember,
  StaffMemberStore,
  StaffMemberSkill,
  ShiftTemplate,
  Shift,
  TimeOff,
  TimeOffStatusHistory,
  AttendanceRecord,
  AttendanceCorrection,
  Resource,
  ResourceBlock,
];
// For the demo seed (src/cli/seed.ts): the demo stores' resources, and senior and director prices (after the staff seed's levels).
export { seedDemoResources, seedDemoLevelPrices } from './resources/demo-resources.js';
