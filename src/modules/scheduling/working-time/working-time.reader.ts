import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { storeDaysSql, StoresService, type WeeklyHours } from '../../stores/index.js';
import type { WorkingInterval, WorkingIntervalsQuery } from '../scheduling-contracts.js';
import { computeWorkingIntervals, type ClosureDay, type ShiftSpan, type TimeOffSpan } from './working-intervals.js';

/** Instants come back as JSON strings (ISO 8601 with offset): cheaper for PostgreSQL than epoch arithmetic. */
type Instant = string;

interface WorkingTimeRow {
  timeZone: string;
  businessHours: WeeklyHours | null;
  /** `[staffMemberId, start, end, [[breakStart, breakEnd], …] | null]`. */
  shifts: Array<[string, Instant, Instant, Array<[Instant, Instant]> | null]>;
  /** `[staffMemberId, start, end]`. */
  timeOff: Array<[string, Instant, Instant]>;
  closures: ClosureDay[];
}

/**
 * Everything working time depends on, for one store, some staff and a range, in ONE statement: the
 * store's time zone and closures on the local dates the range touches (the stores module's SQL,
 * `storeDaysSql`), its scheduled shifts with breaks (`ix_shift_store_during` when many staff are asked
 * for, `ex_shift_staff_overlap`'s index when few), and the staff's approved time off in any store
 * (`ix_time_off_staff_during`). One round trip: issue 12's query budget for the availability search.
 */
const WORKING_TIME_SQL = `
SELECT d."timeZone", d."businessHours", d.closures,
  (SELECT coalesce(json_agg(json_build_array(s.staff_member_id, lower(s.during), upper(s.during),
            (SELECT json_agg(json_build_array(lower(b), upper(b))) FROM unnest(s.breaks) AS b))), '[]')
     FROM shift s
    WHERE s.store_id = $1 AND s.status = 'scheduled' AND s.staff_member_id = ANY($2::uuid[]) AND s.during && tstzrange($3, $4)) AS shifts,
  (SELECT coalesce(json_agg(json_build_array(t.staff_member_id, lower(t.during), upper(t.during))), '[]')
     FROM time_off t
    WHERE t.staff_member_id = ANY($2::uuid[]) AND t.status = 'approved' AND t.during && tstzrange($3, $4)) AS "timeOff"
FROM (${storeDaysSql('$1', '$3', '$4')}) d`;

/**
 * The working intervals of staff members in a store: their scheduled shifts there, minus breaks,
 * approved time off and store closures, clipped to the range. One SQL query (see working-intervals.ts
 * for the pure arithmetic); joins the caller's transaction when there is one.
 */
@Injectable()
export class WorkingTimeReader {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  /** Every requested id is a key (an empty list when they do not work then, or not at this store). */
  async workingIntervals(query: WorkingIntervalsQuery): Promise<Map<string, WorkingInterval[]>> {
    // StoresService answers `store.not_found` (404) for an id that is no store; only then does it cost a query.
    if (!isUuid(query.storeId)) await this.stores.getTimeZone(query.storeId);
    const ids = [...new Set(query.staffMemberIds.filter(isUuid).map((id) => id.toLowerCase()))];
    // A reversed range is an empty one (a range type refuses lower > upper).
    const to = query.to < query.from ? query.from : query.to;
    const [row] = await this.db.rows<WorkingTimeRow>(WORKING_TIME_SQL, [query.storeId, ids, query.from, to]);
    if (!row) {
      await this.stores.getTimeZone(query.storeId);
      return this.workingIntervals(query); // the store appeared meanwhile
    }
    const intervals = computeWorkingIntervals({
      timeZone: row.timeZone,
      from: query.from,
      to: query.to,
      staffMemberIds: ids,
      shifts: row.shifts.map(toShiftSpan),
      timeOff: row.timeOff.map(([staffMemberId, start, end]): TimeOffSpan => ({ staffMemberId, start: Date.parse(start), end: Date.parse(end) })),
      closures: row.closures,
      // No weekly hours at all: every day closed, unless a closure gives special hours.
      openingHours: query.withinOpeningHours ? ((row.businessHours ?? {}) as WeeklyHours) : null,
    });
    return new Map(query.staffMemberIds.map((id) => [id, intervals.get(id.toLowerCase()) ?? []]));
  }
}

function toShiftSpan([staffMemberId, start, end, breaks]: WorkingTimeRow['shifts'][number]): ShiftSpan {
  return {
    staffMemberId,
    start: Date.parse(start),
    end: Date.parse(end),
    breaks: (breaks ?? []).map(([from, to]) => ({ start: Date.parse(from), end: Date.parse(to) })),
  };
}
