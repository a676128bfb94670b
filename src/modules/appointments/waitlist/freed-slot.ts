import { dateToUtcMs, instantToDate, offsetAt } from '../../../common/clock/index.js';
import type { AppointmentRecord } from '../booking/appointment-records.js';
import type { RequestedServiceDto } from '../booking/dto/booking.dto.js';

const MINUTE_MS = 60_000;

/** A slot an appointment gave up: what a waiting customer must want, and what the offer's hold asks for. */
export interface FreedSlot {
  storeId: string;
  startsAt: Date;
  endsAt: Date;
  /** In the store's zone: the start's date, and the start and end as minutes after that date's midnight (past 1440 when it ends the next day). */
  localDate: string;
  startMinutes: number;
  endMinutes: number;
  /** In position order. */
  variationIds: string[];
  staffMemberIds: string[];
  /** The hold's request: the same services by the same staff in the same resources. */
  services: RequestedServiceDto[];
  mode: 'sequential' | 'parallel';
}

/**
 * The time an appointment freed: where it is now (cancelled), or where it was before a reschedule
 * (`previousStartsAt`: its segments moved back by the same amount, with the staff and resources they
 * have now, as the event does not carry the old ones). Segments that all start together were done in
 * parallel.
 */
export function freedSlot(record: AppointmentRecord, previousStartsAt?: Date | null): FreedSlot {
  const shift = previousStartsAt ? previousStartsAt.getTime() - record.startsAt.getTime() : 0;
  const startsAt = record.startsAt.getTime() + shift;
  const endsAt = record.endsAt.getTime() + shift;
  const zone = record.timeZone;
  const localDate = instantToDate(startsAt, zone);
  const midnight = dateToUtcMs(localDate);
  const minutesOf = (instant: number) => Math.round((instant + offsetAt(instant, zone) - midnight) / MINUTE_MS);
  const segments = record.segments;
  const parallel = segments.length > 1 && segments.every((segment) => segment.startsAt.getTime() === segments[0].startsAt.getTime());
  return {
    storeId: record.storeId,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    localDate,
    startMinutes: minutesOf(startsAt),
    endMinutes: minutesOf(endsAt),
    variationIds: segments.map((segment) => segment.variationId),
    staffMemberIds: [...new Set(segments.map((segment) => segment.staffMemberId))],
    services: segments.map((segment) => ({ variationId: segment.variationId, staffMemberId: segment.staffMemberId, resourceId: segment.resourceId })),
    mode: parallel ? 'parallel' : 'sequential',
  };
}
