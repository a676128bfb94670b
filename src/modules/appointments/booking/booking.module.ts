import { Module } from '@nestjs/common';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { BookingController, HoldsController } from './booking.controller.js';
import { HoldSweeper } from './hold-sweeper.js';

/** Holds, bookings and reschedules over HTTP (BookingService lives in the core: other parts book too), and the hold sweeper. */
@Module({
  imports: [AppointmentsCoreModule],
  controllers: [BookingController, HoldsController],
  providers: [HoldSweeper],
})
export class BookingModule {}
