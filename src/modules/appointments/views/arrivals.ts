import type { AppointmentRecord } from '../booking/appointment-records.js';
import { UPCOMING_STATES } from '../booking/appointment-state.js';
import type { ArrivalDto } from './dto/view-responses.dto.js';
import { serviceLabel, type ViewNames } from './view-names.js';

/** Late: the start has passed and the customer has not checked in (still booked or confirmed). */
export function isLate(record: Pick<AppointmentRecord, 'status' | 'startsAt'>, nowMs: number): boolean {
  return UPCOMING_STATES.includes(record.status) && record.startsAt.getTime() < nowMs;
}

/** One line of the front desk's arrivals (pure). */
export function toArrival(record: AppointmentRecord, names: ViewNames, nowMs: number, at: (ms: number) => string): ArrivalDto {
  const staffIds = [...new Set(record.segments.map((segment) => segment.staffMemberId))];
  return {
    appointmentId: record.id,
    number: record.number,
    status: record.status,
    start: at(record.startsAt.getTime()),
    end: at(record.endsAt.getTime()),
    customer: names.customer(record.customerId),
    services: record.segments.map((segment) => serviceLabel(names.variation(segment.variationId))),
    staff: staffIds.map((staffMemberId) => ({ staffMemberId, name: names.staffName(staffMemberId) })),
    late: isLate(record, nowMs),
    checkedInAt: record.checkedInAt ? at(record.checkedInAt.getTime()) : null,
    specialRequests: record.specialRequests,
  };
}
