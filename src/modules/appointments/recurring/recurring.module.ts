import { Module } from '@nestjs/common';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { RecurringController } from './recurring.controller.js';
import { RecurringService } from './recurring.service.js';

/** Recurring appointments: a series booked occurrence by occurrence, and its future ones cancelled together. */
@Module({
  imports: [AppointmentsCoreModule],
  controllers: [RecurringController],
  providers: [RecurringService],
})
export class RecurringModule {}
