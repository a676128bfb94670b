import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/index.js';
import { NotificationsModule } from '../../notifications/index.js';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { BookingMenuController } from './booking-menu.controller.js';
import { BookingMenuService } from './booking-menu.service.js';
import { CustomerAuthController } from './customer-auth.controller.js';
import { CustomerSignInService } from './customer-sign-in.service.js';
import { MeController } from './me.controller.js';
import { MyAppointmentsService } from './my-appointments.service.js';
import { MyProfileService } from './my-profile.service.js';

/**
 * Booking from customers' own apps (issue 13): customers sign in by SMS code (identity keeps the codes
 * and sessions; this part finds or creates the customer) and see and change only their own profile
 * basics and appointments; publishable keys read the bookable menu and staff.
 */
@Module({
  imports: [AppointmentsCoreModule, IdentityModule, NotificationsModule],
  controllers: [CustomerAuthController, BookingMenuController, MeController],
  providers: [CustomerSignInService, BookingMenuService, MyProfileService, MyAppointmentsService],
})
export class CustomerAppsModule {}
