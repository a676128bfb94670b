import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../common/numbers/index.js';
import { CatalogModule } from '../catalog/index.js';
import { CustomersModule } from '../customers/index.js';
import { SchedulingModule } from '../scheduling/index.js';
import { StoresModule } from '../stores/index.js';
import { AppointmentChanges } from './appointment-changes.js';
import { AvailabilityInputs } from './availability/availability-inputs.js';
import { BookingPolicies } from './booking-policy/booking-policies.js';
import { AppointmentRecords } from './booking/appointment-records.js';
import { BookingService } from './booking/booking.service.js';
import { AppointmentLifecycle } from './lifecycle/appointment-lifecycle.service.js';

/**
 * What every part of appointments shares: the change hook, the records, policies, the availability
 * loader and the booking service. Each part (life cycle, reminders, customer apps, views, waitlist) is
 * its own Nest module importing this one.
 */
@Module({
  imports: [SchedulingModule, CatalogModule, StoresModule, CustomersModule, HumanNumbersModule],
  providers: [AppointmentChanges, AppointmentRecords, BookingPolicies, AvailabilityInputs, BookingService, AppointmentLifecycle],
  exports: [
    AppointmentChanges,
    AppointmentRecords,
    BookingPolicies,
    AvailabilityInputs,
    BookingService,
    AppointmentLifecycle,
    SchedulingModule,
    CatalogModule,
    StoresModule,
    CustomersModule,
  ],
})
export class AppointmentsCoreModule {}
