/** What other modules (and the app's wiring) may import from appointments. */
export { AppointmentsModule } from './appointments.module.js';
export { AppointmentCheckouts, type AppointmentForCheckout, type RecordedFee } from './checkout/appointment-checkouts.js';
import { BookingPolicy } from './booking-policy/booking-policy.entity.js';
import { AppointmentHold } from './booking/appointment-hold.entity.js';
import { Appointment, AppointmentStatusHistory } from './booking/appointment.entity.js';
import { BookingSegment } from './booking/booking-segment.entity.js';
import { AppointmentReminder } from './notices/appointment-reminder.entity.js';
import { WaitlistEntry, WaitlistEntryStatusHistory } from './waitlist/waitlist-entry.entity.js';

export const APPOINTMENTS_ENTITIES: Function[] = [
  BookingPolicy,
  Appointment,
  AppointmentStatusHistory,
  AppointmentHold,
  BookingSegment,
  AppointmentReminder,
  WaitlistEntry,
  WaitlistEntryStatusHistory,
];
