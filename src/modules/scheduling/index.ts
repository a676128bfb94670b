/** What other modules (and the app's wiring) may import from scheduling. */
export { SchedulingModule } from './scheduling.module.js';
export { SchedulingService } from './scheduling.service.js';
export type {
  WorkingInterval,
  WorkingIntervalsQuery,
  QualifiedStaff,
  QualifiedStaffMember,
  ResourceWithBlocks,
  Directory,
  DirectoryQuery,
  DirectoryStaffMember,
  DirectoryResource,
  StaffShownOnline,
} from './scheduling-contracts.js';
export type { StaffMemberRef } from './staff-access.js';
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
// The calendar feed's extension point: appointments import CalendarModule and register a source.
export { CalendarModule } from './calendar/calendar.module.js';
export { CalendarFeedSources, type CalendarFeedSource, type FeedQuery } from './calendar/calendar-feed-sources.js';
export type { IcsEvent, IcsTime, IcsStatus } from './calendar/ical.js';
// For the demo seed (src/cli/seed.ts), which goes through the same use cases as the API.
export { seedDemoStaff, DEMO_STAFF, DEMO_STAFF_LEVELS } from './staff/demo-staff.js';
export { seedDemoTemplates } from './working-time/demo-templates.js';
// For the demo seed (src/cli/seed.ts): the demo stores' resources, and senior and director prices (after the staff seed's levels).
export { seedDemoResources, seedDemoLevelPrices } from './resources/demo-resources.js';
