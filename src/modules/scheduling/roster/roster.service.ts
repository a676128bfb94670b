import { Inject, Injectable } from '@nestjs/common';
import { daysBetween, endOfDay, formatInstant, startOfDay } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { StoresService } from '../../stores/index.js';
import { SchedulingErrors } from '../scheduling.errors.js';
import type { Span } from '../working-time/intervals.js';
import { computeWorkingIntervals } from '../working-time/working-intervals.js';
import { MAX_ROSTER_DAYS, type RosterQueryDto, type RosterResponseDto, type RosterStaffDto } from './dto/roster.dto.js';
import { computeCoverage } from './roster-coverage.js';

type Instant = string;

interface StaffRow {
  staffMemberId: string;
  userId: string | null;
  displayName: string;
  calendarColor: string;
  level: RosterStaffDto['level'];
  skills: RosterStaffDto['skills'];
  /** `[id, date, start, end, [[breakStart, breakEnd], …] | null, source]`. */
  shifts: Array<[string, string, Instant, Instant, Array<[Instant, Instant]> | null, 'template' | 'manual']>;
  /** `[id, type, status, start, end]`. */
  timeOff: Array<[string, string, 'approved' | 'requested', Instant, Instant]>;
}

/**
 * Everyone on the roster with all they show, in one statement: the store's active staff, and whoever has
 * a scheduled shift there in the range (a visitor from another store), each with level, skills, shifts
 * there (`ex_shift_staff_overlap`'s index) and time off anywhere, approved or requested.
 */
const STAFF_SQL = `
WITH present AS (
  SELECT ms.staff_member_id AS id FROM staff_member_store ms JOIN staff_member m ON m.id = ms.staff_member_id
   WHERE ms.store_id = $1 AND m.status = 'active'
  UNION
  SELECT s.staff_member_id FROM shift s WHERE s.store_id = $1 AND s.status = 'scheduled' AND s.during && tstzrange($2, $3)
)
SELECT m.id AS "staffMemberId", m.user_id AS "userId", m.display_name AS "displayName", m.calendar_color AS "calendarColor",
  CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('id', l.id, 'code', l.code, 'name', l.name, 'rank', l.rank) END AS level,
  (SELECT coalesce(json_agg(json_build_object('skill', k.skill, 'proficiency', k.proficiency) ORDER BY k.skill), '[]')
     FROM staff_member_skill k WHERE k.staff_member_id = m.id) AS skills,
  (SELECT coalesce(json_agg(json_build_array(s.id, s.date, lower(s.during), upper(s.during),
            (SELECT json_agg(json_build_array(lower(b), upper(b)) ORDER BY lower(b)) FROM unnest(s.breaks) AS b), s.source) ORDER BY lower(s.during)), '[]')
     FROM shift s WHERE s.staff_member_id = m.id AND s.store_id = $1 AND s.status = 'scheduled' AND s.during && tstzrange($2, $3)) AS shifts,
  (SELECT coalesce(json_agg(json_build_array(o.id, o.type, o.status, lower(o.during), upper(o.during)) ORDER BY lower(o.during)), '[]')
     FROM time_off o WHERE o.staff_member_id = m.id AND o.status IN ('requested', 'approved') AND o.during && tstzrange($2, $3)) AS "timeOff"
FROM present p JOIN staff_member m ON m.id = p.id LEFT JOIN staff_level l ON l.id = m.level_id
ORDER BY m.display_name, m.id`;

/**
 * A store's roster over some local dates: who works when, with breaks and time off, their working time
 * (the same arithmetic as SchedulingService.workingIntervals, on the same rows) and the staff per skill
 * per hour. Two queries whatever the staff count (three when the store does not exist).
 */
@Injectable()
export class RosterService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  /** The caller's access to the store was checked by the route (another store's id answers 404). */
  async roster(actor: Actor, storeId: string, query: RosterQueryDto): Promise<RosterResponseDto> {
    const days = daysBetween(query.from, query.to) + 1;
    if (days < 1) throw SchedulingErrors.invalid([{ field: 'to', message: 'must not be before from' }]);
    if (days > MAX_ROSTER_DAYS)
      throw SchedulingErrors.invalid([{ field: 'to', message: `must be at most ${MAX_ROSTER_DAYS - 1} days after from (${MAX_ROSTER_DAYS} days in all)` }]);
    // One query: the store's zone and its closures on these dates (store.not_found when there is no such store).
    const store = await this.stores.calendarOf(storeId, query.from, query.to);
    const { timeZone } = store;
    const from = startOfDay(query.from, timeZone);
    const to = endOfDay(query.to, timeZone);
    const rows = await this.db.rows<StaffRow>(STAFF_SQL, [storeId, new Date(from), new Date(to)]);

    const working = computeWorkingIntervals({
      timeZone,
      from: new Date(from),
      to: new Date(to),
      staffMemberIds: rows.map((row) => row.staffMemberId),
      shifts: rows.flatMap((row) =>
        row.shifts.map(([, , start, end, breaks]) => ({ staffMemberId: row.staffMemberId, ...span(start, end), breaks: (breaks ?? []).map(([a, b]) => span(a, b)) })),
      ),
      timeOff: rows.flatMap((row) =>
        row.timeOff.filter(([, , status]) => status === 'approved').map(([, , , start, end]) => ({ staffMemberId: row.staffMemberId, ...span(start, end) })),
      ),
      closures: store.overrides,
    });
    // Formatting reads the zone's offset (Intl, ~10 µs); a roster repeats the same few instants (shift starts, breaks) hundreds of times.
    const formatted = new Map<number, string>();
    const at = (instant: Instant | Date) => {
      const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
      let text = formatted.get(ms);
      if (text === undefined) formatted.set(ms, (text = formatInstant(ms, timeZone)));
      return text;
    };

    const staff: RosterStaffDto[] = rows.map((row) => ({
      staffMemberId: row.staffMemberId,
      displayName: row.displayName,
      calendarColor: row.calendarColor,
      level: row.level,
      skills: row.skills,
      shifts: row.shifts.map(([id, date, start, end, breaks, source]) => ({
        id,
        date,
        start: at(start),
        end: at(end),
        localStart: at(start).slice(11, 16),
        localEnd: at(end).slice(11, 16),
        breaks: (breaks ?? []).map(([a, b]) => ({ start: at(a), end: at(b) })),
        source,
        status: 'scheduled' as const,
      })),
      timeOff: row.timeOff.map(([id, type, status, start, end]) => ({
        id,
        type: seesWhy(actor, row) ? type : null,
        status: status === 'approved' ? 'approved' : 'pending',
        start: at(start),
        end: at(end),
      })),
      workingIntervals: (working.get(row.staffMemberId) ?? []).map((interval) => ({ start: at(interval.start), end: at(interval.end) })),
    }));
    const coverage = computeCoverage({
      timeZone,
      from: query.from,
      to: query.to,
      staff: rows.map((row) => ({
        skills: row.skills.map((skill) => skill.skill),
        intervals: (working.get(row.staffMemberId) ?? []).map((interval) => ({ start: interval.start.getTime(), end: interval.end.getTime() })),
      })),
    });
    return { storeId: storeId.toLowerCase(), timeZone, from: query.from, to: query.to, closures: store.overrides, staff, coverage };
  }
}

function span(start: Instant, end: Instant): Span {
  return { start: Date.parse(start), end: Date.parse(end) };
}

/**
 * Why someone is away (sick leave is health data) is for managers, owners, integrations with the scope and
 * the person themselves; colleagues at the front desk or the next chair see only that they are away.
 */
function seesWhy(actor: Actor, row: StaffRow): boolean {
  if (actor.kind !== 'user' || actor.role === 'owner' || actor.role === 'manager') return true;
  return row.userId !== null && row.userId === actor.id;
}
