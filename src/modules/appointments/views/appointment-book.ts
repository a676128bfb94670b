/**
 * What a salon's calendar screen draws (pure): one column per staff member or per resource, each with
 * the segments of appointments it serves in the range, in start order.
 */
import type { WorkingInterval } from '../../scheduling/index.js';
import type { AppointmentRecord } from '../booking/appointment-records.js';
import type { BookColumnDto, BookSegmentDto } from './dto/view-responses.dto.js';
import type { BookBy } from './dto/view-queries.dto.js';
import type { ViewNames } from './view-names.js';

export interface BookInput {
  by: BookBy;
  /** `[from, to)` in epoch ms. */
  from: number;
  to: number;
  records: readonly AppointmentRecord[];
  names: ViewNames;
  /** Per staff member (by staff only). */
  working: ReadonlyMap<string, readonly WorkingInterval[]>;
  /** An instant as the store writes it (`instantFormatter`). */
  at: (ms: number) => string;
}

/**
 * By staff: everyone who works in the range or serves an appointment in it (someone booked on a day
 * off still shows). By resource: every resource the directory lists (the store's active ones and any
 * booked). Columns in the directory's order (by name); segments outside the range are left out.
 */
export function buildBook(input: BookInput): BookColumnDto[] {
  const { by, from, to, names, at } = input;
  const cells = new Map<string, BookSegmentDto[]>();
  for (const record of input.records) {
    const customer = names.customer(record.customerId);
    for (const segment of record.segments) {
      if (segment.endsAt.getTime() <= from || segment.startsAt.getTime() >= to) continue;
      const key = by === 'staff' ? segment.staffMemberId : segment.resourceId;
      if (key === null) continue;
      const variation = names.variation(segment.variationId);
      const list = cells.get(key) ?? [];
      list.push({
        appointmentId: record.id,
        number: record.number,
        status: record.status,
        customerId: record.customerId,
        customerName: customer.name,
        variationId: segment.variationId,
        serviceName: variation.serviceName,
        variationName: variation.variationName,
        staffMemberId: segment.staffMemberId,
        staffName: names.staffName(segment.staffMemberId),
        resourceId: segment.resourceId,
        resourceName: names.resourceName(segment.resourceId),
        start: at(segment.startsAt.getTime()),
        end: at(segment.endsAt.getTime()),
      });
      cells.set(key, list);
    }
  }
  // Records come in start order, but a later appointment's first segment may start before an earlier one's second.
  const ordered = (id: string) => (cells.get(id) ?? []).sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.appointmentId < b.appointmentId ? -1 : 1));
  if (by === 'resource') {
    return names.resources.map((resource) => ({
      kind: 'resource',
      id: resource.resourceId,
      name: resource.name,
      calendarColor: null,
      resourceType: resource.type,
      workingIntervals: [],
      segments: ordered(resource.resourceId),
    }));
  }
  return names.staff.flatMap((member) => {
    const working = input.working.get(member.staffMemberId) ?? [];
    if (working.length === 0 && !cells.has(member.staffMemberId)) return [];
    return [
      {
        kind: 'staff' as const,
        id: member.staffMemberId,
        name: member.displayName,
        calendarColor: member.calendarColor,
        resourceType: null,
        workingIntervals: working.map((interval) => ({ start: at(interval.start.getTime()), end: at(interval.end.getTime()) })),
        segments: ordered(member.staffMemberId),
      },
    ];
  });
}
