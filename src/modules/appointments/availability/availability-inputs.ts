import { Inject, Injectable } from '@nestjs/common';
import { addDays, startOfDay, todayIn } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import type { VariationForStore } from '../../catalog/index.js';
import { CustomersService } from '../../customers/index.js';
import { SchedulingService, type QualifiedStaff, type ResourceWithBlocks, type WorkingInterval } from '../../scheduling/index.js';
import { storeDaysSql } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { BookingPolicies, POLICY_COLUMNS, toPolicyValues, type BookingPolicyRow } from '../booking-policy/booking-policies.js';
import type { BookingPolicyValues } from '../booking-policy/booking-policy.js';
import type { AvailabilityProblem, CandidateStaff, RequestedService, ResourceAvailability, Span } from './availability-model.js';

export interface AvailabilityQuery {
  storeId: string;
  /** In the order the customer has them (sequential), or at once (parallel). */
  variationIds: string[];
  mode: 'sequential' | 'parallel';
  /** Starts wanted in `[from, to)`. */
  from: Date;
  to: Date;
  /** Only these staff (a customer asking for Tony). */
  staffMemberIds?: string[];
  /** Only staff of this level. */
  levelId?: string;
  /** A customer booking themselves: only services and staff bookable online. */
  online: boolean;
  /** Their preferred staff are proposed first. */
  customerId?: string;
  /** The customer's preferred staff when the caller read them already (a booking, with the customer's status); else read by `customerId`. */
  preferredStaffIds?: readonly string[];
  /** Leave this hold's segments out of the busy time (booking from it re-checks its own slot). */
  excludeHoldId?: string;
  /** Leave this appointment's segments out of the busy time and the daily counts (a reschedule). */
  excludeAppointmentId?: string;
  /** Count each candidate's appointments per day even without a daily cap, so "any staff" goes to the least booked (bookings ask; a search over weeks does not). */
  countBookings?: boolean;
}

export interface LoadedAvailability {
  problem: AvailabilityProblem;
  policy: BookingPolicyValues;
  /** The variations as the store sells them, in the order asked (null: no such variation). */
  variations: Array<VariationForStore | null>;
}

/** `[staffMemberId | resourceId, start, end]`, instants as epoch milliseconds (cheaper for PostgreSQL to write than timestamps as text). */
type SpanRow = [string, number, number];

interface BookingStateRow {
  timeZone: string;
  policy: BookingPolicyRow | null;
  /** Per staff member, the starts and ends of their busy spans in epoch seconds (a few thousand spans: two arrays each is the cheapest JSON to write). */
  staffBusy: Array<[string, number[], number[]]>;
  resourceBusy: SpanRow[];
  /** `[staffMemberId, local date, appointments]`. */
  dailyCounts: Array<[string, string, number]>;
}

/**
 * Appointments' own share of a search, in ONE statement: the store's time zone (stores' SQL), its policy
 * row, the candidates' busy time from active segments of appointments and of holds still live at `now`
 * (`staff_busy`: active and finishing blocks and the buffer, across stores, as `ex_segment_staff`
 * compares them), the store's resources' busy time (`resource_busy`: the whole service and its buffer),
 * and how many active appointments each candidate has per local date (the daily cap).
 */
const BOOKING_STATE_SQL = `
SELECT d."timeZone",
  (SELECT row_to_json(x) FROM (SELECT ${POLICY_COLUMNS} FROM booking_policy p WHERE p.store_id = $1) x) AS policy,
  (SELECT coalesce(json_agg(json_build_array(busy.staff_member_id, busy.starts, busy.ends)), '[]')
     FROM (SELECT b.staff_member_id, array_agg(date_part('epoch', lower(r))::int8) AS starts, array_agg(date_part('epoch', upper(r))::int8) AS ends
             FROM booking_segment b
             CROSS JOIN LATERAL unnest(b.staff_busy) AS r
            WHERE b.active AND b.staff_member_id = ANY($2::uuid[]) AND b.staff_busy && tstzrange($3, $4)
              AND (b.hold_id IS NULL OR EXISTS (SELECT 1 FROM appointment_hold h WHERE h.id = b.hold_id AND h.expires_at > $5)) AND r && tstzrange($3, $4)
              AND ($6::uuid IS NULL OR b.hold_id IS DISTINCT FROM $6) AND ($7::uuid IS NULL OR b.appointment_id IS DISTINCT FROM $7)
            GROUP BY b.staff_member_id) busy) AS "staffBusy",
  (SELECT coalesce(json_agg(json_build_array(b.resource_id, date_part('epoch', lower(b.resource_busy)) * 1000, date_part('epoch', upper(b.resource_busy)) * 1000)), '[]')
     FROM booking_segment b
    WHERE $9::boolean AND b.active AND b.store_id = $1 AND b.resource_id IS NOT NULL AND b.resource_busy && tstzrange($3, $4)
      AND (b.hold_id IS NULL OR EXISTS (SELECT 1 FROM appointment_hold h WHERE h.id = b.hold_id AND h.expires_at > $5))
      AND ($6::uuid IS NULL OR b.hold_id IS DISTINCT FROM $6) AND ($7::uuid IS NULL OR b.appointment_id IS DISTINCT FROM $7)) AS "resourceBusy",
  (SELECT coalesce(json_agg(json_build_array(c.staff_member_id, c.date, c.appointments)), '[]')
     FROM (SELECT b.staff_member_id, to_char(day.local, 'YYYY-MM-DD') AS date, count(DISTINCT b.appointment_id)::int AS appointments
             -- Each local date of the window as its span of instants, so the index finds a day's segments by start
             -- (converting every segment's start to a local date cost more than the rest of the statement).
             FROM generate_series(date_trunc('day', $3::timestamptz AT TIME ZONE d."timeZone"), $4::timestamptz AT TIME ZONE d."timeZone", interval '1 day') AS day(local)
             JOIN booking_segment b ON b.staff_member_id = ANY($2::uuid[])
                  AND b.starts_at >= day.local AT TIME ZONE d."timeZone" AND b.starts_at < (day.local + interval '1 day') AT TIME ZONE d."timeZone"
            WHERE b.active AND b.appointment_id IS NOT NULL
              AND ($7::uuid IS NULL OR b.appointment_id <> $7)
              -- Counted for a store with a cap (evaluated once), or when asked (a booking choosing the least booked of a day):
              -- most stores have no cap, and over a fortnight's search counting is most of the work.
              AND ($8::boolean OR EXISTS (SELECT 1 FROM booking_policy cap WHERE cap.store_id = $1 AND cap.daily_cap_per_staff IS NOT NULL))
            GROUP BY 1, 2) c) AS "dailyCounts"
FROM (${storeDaysSql('$1', '$3', '$4')}) d`;

const MINUTE = 60_000;

async function sequentially(reads: ReadonlyArray<() => Promise<unknown>>): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results;
}

/**
 * Everything an availability search (and a booking's re-check) needs, for one store: at most five
 * queries for one service (the catalog's, the qualified staff, their working time within opening hours,
 * the resources of its type, and appointments' own: policy, busy segments and live holds, daily counts).
 * Several services: the first two per service, the rest once; the customer's preferred staff one more.
 */
@Injectable()
export class AvailabilityInputs {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(BookingPolicies) private readonly policies: BookingPolicies,
  ) {}

  async load(query: AvailabilityQuery, now: Date): Promise<LoadedAvailability> {
    const { storeId } = query;
    if (!isUuid(storeId)) throw AppointmentErrors.storeNotFound(storeId);
    const qualified: QualifiedStaff[] = [];
    for (const variationId of query.variationIds) qualified.push(await this.scheduling.qualifiedStaff(variationId, storeId, { online: query.online }));
    const preferred = query.preferredStaffIds ?? (query.customerId ? await this.customers.preferredStaffOf(query.customerId) : []);
    const services = qualified.map((found, i) => requestedService(query, query.variationIds[i], found, preferred));
    const candidates = [...new Set(services.flatMap((service) => service.staff.map((member) => member.staffMemberId)))];

    // Busy and working time as far as the last start's service can reach (every service, one after another, with its buffer).
    const reachMinutes = services.reduce((sum, service) => sum + Math.max(0, ...service.staff.map((m) => m.durationMinutes + m.timeBlocks.bufferMinutes)), 0);
    const from = query.from;
    const to = new Date(Math.max(query.to.getTime(), query.from.getTime()) + reachMinutes * MINUTE);
    const types = [...new Set(services.filter((service) => service.staff.length > 0).flatMap((service) => (service.resourceType ? [service.resourceType] : [])))];

    const reads = [
      () =>
        this.db.rows<BookingStateRow>(BOOKING_STATE_SQL, [
          storeId,
          candidates,
          from,
          to,
          now,
          uuidOrNull(query.excludeHoldId),
          uuidOrNull(query.excludeAppointmentId),
          query.countBookings ?? false,
          types.length > 0, // resources' busy time only when a service needs one
        ]),
      () =>
        candidates.length > 0
          ? this.scheduling.workingIntervals({ storeId, staffMemberIds: candidates, from, to, withinOpeningHours: true })
          : Promise.resolve(new Map<string, WorkingInterval[]>()),
      ...types.map((type) => () => this.scheduling.resourcesOfType(storeId, type, { from, to })),
    ] as const;
    // A search reads on the pool, three statements at once; a booking re-checks inside its transaction,
    // whose one connection takes one statement at a time.
    const results = this.db.inTransaction ? await sequentially(reads) : await Promise.all(reads.map((read) => read()));
    const state = results[0] as BookingStateRow[];
    const working = results[1] as Map<string, WorkingInterval[]>;
    const resourceLists = results.slice(2) as ResourceWithBlocks[][];
    const [row] = state;
    if (!row) throw AppointmentErrors.storeNotFound(storeId);
    // Read with the rest in one statement; a booking's reactions in the same transaction reuse it.
    const policy = this.policies.remember(toPolicyValues(storeId, row.policy));
    return {
      policy,
      variations: qualified.map((found) => found.variation),
      problem: {
        timeZone: row.timeZone,
        from: query.from.getTime(),
        to: query.to.getTime(),
        slotMinutes: policy.slotMinutes,
        earliestStart: now.getTime() + policy.minNoticeMinutes * MINUTE,
        // The start of the local date `horizonDays` after today: with 60 days on 1 March, starts up to
        // 30 April 00:00 (inclusive) in the store's zone, so 29 April is the last day bookable whole.
        latestStart: startOfDay(addDays(todayIn(row.timeZone, now.getTime()), policy.horizonDays), row.timeZone),
        mode: query.mode,
        services,
        working: new Map(candidates.map((id) => [id, (working.get(id) ?? []).map((span) => ({ start: span.start.getTime(), end: span.end.getTime() }))])),
        staffBusy: groupSpans(candidates, row.staffBusy),
        resources: new Map(types.map((type, i) => [type, resourceLists[i].map((resource) => resourceAvailability(resource, row.resourceBusy))])),
        // Without a cap, counts asked for only rank the candidates (a cap of Infinity refuses nobody).
        dailyCap:
          policy.dailyCapPerStaff !== null
            ? { cap: policy.dailyCapPerStaff, counts: dailyCounts(row.dailyCounts) }
            : query.countBookings
              ? { cap: Infinity, counts: dailyCounts(row.dailyCounts) }
              : null,
      },
    };
  }
}

/** The staff who may do one asked-for service: none when the store does not sell it (or not online when online). */
function requestedService(query: AvailabilityQuery, variationId: string, found: QualifiedStaff, preferred: readonly string[]): RequestedService {
  const variation = found.variation;
  const sellable = variation !== null && variation.sellable && (!query.online || variation.bookableOnline);
  const only = query.staffMemberIds ? new Set(query.staffMemberIds.map((id) => id.toLowerCase())) : null;
  const staff: CandidateStaff[] = sellable
    ? found.staff
        .filter((member) => (only === null || only.has(member.staffMemberId)) && (query.levelId === undefined || member.levelId === query.levelId))
        .map((member) => {
          const rank = preferred.indexOf(member.staffMemberId);
          return {
            staffMemberId: member.staffMemberId,
            levelId: member.levelId,
            durationMinutes: member.durationMinutes,
            timeBlocks: member.timeBlocks,
            price: member.price,
            preferenceRank: rank === -1 ? null : rank,
          };
        })
    : [];
  return { variationId: variation?.variationId ?? variationId, resourceType: variation?.resourceType ?? null, staff };
}

function toSpan([, start, end]: SpanRow): Span {
  return { start: Math.round(start), end: Math.round(end) };
}

const byStart = (a: Span, b: Span) => a.start - b.start || a.end - b.end;

/** Every id a key (an empty list when free), spans in start order. */
function groupSpans(ids: readonly string[], rows: ReadonlyArray<[string, number[], number[]]>): Map<string, Span[]> {
  const groups = new Map<string, Span[]>(ids.map((id) => [id, []]));
  for (const [id, starts, ends] of rows) {
    const spans = groups.get(id);
    if (!spans) continue;
    for (let i = 0; i < starts.length; i++) spans.push({ start: starts[i] * 1000, end: ends[i] * 1000 });
    spans.sort(byStart);
  }
  return groups;
}

/** Booked and held resource time, and maintenance blocks, in start order. */
function resourceAvailability(resource: ResourceWithBlocks, busy: readonly SpanRow[]): ResourceAvailability {
  const spans = [
    ...busy.filter((row) => row[0] === resource.resourceId).map(toSpan),
    ...resource.blocks.map((block) => ({ start: block.start.getTime(), end: block.end.getTime() })),
  ];
  return { resourceId: resource.resourceId, busy: spans.sort(byStart) };
}

function dailyCounts(rows: ReadonlyArray<[string, string, number]>): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const [staffMemberId, date, appointments] of rows) {
    const days = counts.get(staffMemberId) ?? new Map<string, number>();
    days.set(date, appointments);
    counts.set(staffMemberId, days);
  }
  return counts;
}

function uuidOrNull(id: string | undefined): string | null {
  return id !== undefined && isUuid(id) ? id : null;
}
