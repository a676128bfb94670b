import { Module } from '@nestjs/common';
import { AppointmentsCoreModule } from './appointments-core.module.js';
import { BookingModule } from './booking/booking.module.js';
import { AvailabilityController } from './availability/availability.controller.js';
import { AvailabilityService } from './availability/availability.service.js';
import { BookingPolicyController } from './booking-policy/booking-policy.controller.js';
import { BookingPolicyService } from './booking-policy/booking-policy.service.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { ViewsModule } from './views/views.module.js';
import { RecurringModule } from './recurring/recurring.module.js';
import { WaitlistModule } from './waitlist/waitlist.module.js';
import { CustomerAppsModule } from './customer-apps/customer-apps.module.js';
import { AppointmentsFollowCustomerMerges } from './listeners/customer-merges.js';
import { AppointmentCheckouts } from './checkout/appointment-checkouts.js';

/**
 * Bookings (DESIGN §2 `modules/appointments`): booking policies, the availability search, holds and
 * appointments. Reads staff and working time through SchedulingService, the menu through CatalogService.
 * The shared core (AppointmentsCoreModule) and one module per part.
 */
@Module({
  imports: [
    AppointmentsCoreModule,
    BookingModule,
    // parts: one line each
    LifecycleModule,
    ViewsModule,
    RecurringModule,
    WaitlistModule,
    NoticesModule,
    CustomerAppsModule,
  ],
  controllers: [AvailabilityController, BookingPolicyController],
  providers: [AvailabilityService, BookingPolicyService, AppointmentsFollowCustomerMerges, AppointmentCheckouts],
  // Orders' counter checkout reads completed appointments and recorded fees through it.
  exports: [AppointmentCheckouts],
})
export class AppointmentsModule {}
