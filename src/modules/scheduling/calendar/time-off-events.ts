import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { instantToDate } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { TimeOffType } from '../time-off/time-off.entity.js';
import { CalendarFeedSources, type CalendarFeedSource, type FeedQuery } from './calendar-feed-sources.js';
import type { IcsEvent, IcsStatus, IcsTime } from './ical.js';

/** A time off as the feed reads it. */
export interface FeedTimeOff {
  id: string;
  start: Date;
  end: Date;
  allDay: boolean;
  timeZone: string | null;
  type: TimeOffType;
  status: 'requested' | 'approved' | 'refused' | 'cancelled';
  reason: string | null;
  version: number;
  updatedAt: Date;
}

const TYPE_NAMES: Record<TimeOffType, string> = { annual: 'Annual leave', sick: 'Sick leave', training: 'Training', other: 'Time off' };

const STATUS: Record<FeedTimeOff['status'], { status: IcsStatus; label: string }> = {
  approved: { status: 'CONFIRMED', label: '' },
  requested: { status: 'TENTATIVE', label: ' (awaiting approval)' },
  refused: { status: 'CANCELLED', label: ' (refused)' },
  cancelled: { status: 'CANCELLED', label: ' (cancelled)' },
};

/** Whole days as dates in the zone they were counted in (a phone shows them as all-day), otherwise instants. */
function times(timeOff: FeedTimeOff): { start: IcsTime; end: IcsTime } {
  if (!timeOff.allDay || !timeOff.timeZone) return { start: timeOff.start, end: timeOff.end };
  return { start: { date: instantToDate(timeOff.start.getTime(), timeOff.timeZone) }, end: { date: instantToDate(timeOff.end.getTime(), timeOff.timeZone) } };
}

/**
 * The event a time off is on the phone: shown, but not busy time (TRANSPARENT), so the person's own
 * calendar apps do not treat it as a meeting. Approved: CONFIRMED; requested: TENTATIVE; refused or
 * cancelled: CANCELLED, so a phone that showed it removes it.
 */
export function timeOffEvent(timeOff: FeedTimeOff): IcsEvent {
  const { status, label } = STATUS[timeOff.status];
  return {
    uid: `time-off-${timeOff.id}@bloom`,
    ...times(timeOff),
    summary: `${TYPE_NAMES[timeOff.type] ?? 'Time off'}${label}`,
    description: timeOff.reason ? `Reason: ${timeOff.reason}` : null,
    status,
    transparency: 'TRANSPARENT',
    sequence: timeOff.version,
    lastModified: timeOff.updatedAt,
    categories: ['Time off'],
  };
}

/**
 * Time off of the window: live requests (requested, approved) and, while recent (changed within the
 * window's past, FEED_DAYS_BEHIND days), refused or cancelled ones, so phones drop what they showed.
 */
@Injectable()
export class TimeOffFeedSource implements CalendarFeedSource, OnModuleInit {
  readonly name = 'time_off';

  constructor(
    @Inject(CalendarFeedSources) private readonly sources: CalendarFeedSources,
    @Inject(Db) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async events({ staffMemberId, from, to }: FeedQuery): Promise<IcsEvent[]> {
    const rows = await this.db.rows<FeedTimeOff>(
      `SELECT id, lower(during) AS start, upper(during) AS "end", all_day AS "allDay", time_zone AS "timeZone", type, status, reason, version,
              updated_at AS "updatedAt"
         FROM time_off
        WHERE staff_member_id = $1 AND during && tstzrange($2, $3)
          AND (status IN ('requested', 'approved') OR updated_at >= $2)
        ORDER BY lower(during), id`,
      [staffMemberId, from, to],
    );
    return rows.map(timeOffEvent);
  }
}
