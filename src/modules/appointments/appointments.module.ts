import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { CustomersModule } from '../customers/index.js';
import { SchedulingModule } from '../scheduling/index.js';
import { StoresModule } from '../stores/index.js';
import { AvailabilityInputs } from './availability/availability-inputs.js';
import { AvailabilityController } from './availability/availability.controller.js';
import { AvailabilityService } from './availability/availability.service.js';
import { BookingPolicies } from './booking-policy/booking-policies.js';
import { BookingPolicyController } from './booking-policy/booking-policy.controller.js';
import { BookingPolicyService } from './booking-policy/booking-policy.service.js';

/**
 * Bookings (DESIGN §2 `modules/appointments`): booking policies, the availability search, holds and
 * appointments. Reads staff and working time through SchedulingService, the menu through CatalogService.
 */
@Module({
  imports: [SchedulingModule, CatalogModule, StoresModule, CustomersModule],
  controllers: [AvailabilityController, BookingPolicyController],
  providers: [AvailabilityInputs, AvailabilityService, BookingPolicies, BookingPolicyService],
})
export class AppointmentsModule {}
