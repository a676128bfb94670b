import { Inject, Injectable } from '@nestjs/common';
import { addDays, Clock, dayOfWeek, todayIn } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { StoresService, weekdayOf } from '../../stores/index.js';
import { WorkingTimeErrors } from '../scheduling.errors.js';
import { ShiftConflicts } from './shift-conflicts.js';
import { closedReason, MAX_SHIFT_HOURS } from './shift-day.js';
import type { TemplateRow } from './shift-sql.js';
import { expandTemplate, multirangeText, type ShiftDraft } from './template-expansion.js';

/**
 * What planning does when a planned day collides: `refuse` (a manager's request) throws the 409 naming
 * the other shift, and the caller's transaction saves nothing; `skip` (the hourly planner) leaves the
 * day out and reports it.
 */
export type PlanMode = 'refuse' | 'skip';

export interface SkippedDay {
  date: string;
  /** `scheduling.shift_overlap` (another store's shift then) or `shift.too_long` (over 16 h when the clocks change). */
  code: string;
  shiftId?: string;
}

export interface PlanResult {
  planned: number;
  skipped: SkippedDay[];
}

interface Collision {
  id: string;
  storeId: string;
  date: string;
  start: Date;
  end: Date;
  draftDate: string;
}

const HOUR_MS = 3_600_000;

/**
 * Expands templates into `shift` rows (source `template`), from today in the store's zone up to
 * SHIFT_PLANNING_DAYS ahead, so every planned hour is a row the overlap constraint sees. A date is not
 * planned when the template already has a row for it (`uq_shift_template_date`: a cancelled day stays
 * cancelled), when the person has another scheduled shift at the same store that day (a manual shift
 * wins), when the shift is already over, or when the store is closed that day (unless the template
 * allows closed days). Callers hold the person's lock (ShiftConflicts.lock).
 */
@Injectable()
export class ShiftPlanner {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(ShiftConflicts) private readonly conflicts: ShiftConflicts,
  ) {}

  async plan(template: TemplateRow, mode: PlanMode): Promise<PlanResult> {
    const now = this.clock.nowMs();
    const horizon = this.config.SHIFT_PLANNING_DAYS;
    // Closures are read a day either side of the UTC date: "today" in the store's zone lies within.
    const utcToday = new Date(now).toISOString().slice(0, 10);
    const store = await this.stores.calendarOf(template.storeId, addDays(utcToday, -1), addDays(utcToday, horizon + 1));
    const today = todayIn(store.timeZone, now);
    const skipped: SkippedDay[] = [];
    const drafts: Array<ShiftDraft & { onClosedDay: boolean }> = [];
    for (const draft of expandTemplate(template, today, addDays(today, horizon), store.timeZone)) {
      if (draft.end <= now) continue;
      const closed = closedReason(store, draft.date, draft.weekday);
      if (closed && !template.allowClosedDays) continue;
      if (draft.end - draft.start > MAX_SHIFT_HOURS * HOUR_MS) {
        const message = `would last ${(draft.end - draft.start) / HOUR_MS} hours on ${draft.date}, when the clocks change: at most ${MAX_SHIFT_HOURS}`;
        if (mode === 'refuse') throw WorkingTimeErrors.dayOnDate(`week.${draft.weekday}.end`, message);
        skipped.push({ date: draft.date, code: 'shift.too_long' });
        continue;
      }
      drafts.push({ ...draft, onClosedDay: closed !== undefined });
    }
    if (drafts.length === 0) return { planned: 0, skipped };

    const collisions = await this.collisions(template, drafts);
    if (collisions.length > 0 && mode === 'refuse') {
      const first = collisions[0];
      throw await this.conflicts.error(`week.${weekdayOf(dayOfWeek(first.draftDate))}`, first);
    }
    const colliding = new Set(collisions.map((collision) => collision.draftDate));
    for (const collision of collisions) skipped.push({ date: collision.draftDate, code: 'scheduling.shift_overlap', shiftId: collision.id });
    const planned = await this.insert(
      template,
      drafts.filter((draft) => !colliding.has(draft.date)),
    );
    return { planned, skipped };
  }

  /**
   * Before planning a changed template again: its unedited, scheduled shifts that have not started go
   * (they are planned afresh), and its edited ones after its last date are cancelled. Edited and
   * cancelled days before then stay: a manager's change of one day wins over the template.
   */
  async clearPlanned(template: TemplateRow): Promise<void> {
    if (template.validTo !== null) await this.cancelEditedAfter(template.id, template.validTo);
    await this.db.execute(
      `DELETE FROM shift s WHERE template_id = $1 AND status = 'scheduled' AND NOT edited AND lower(during) > $2
          AND NOT EXISTS (SELECT 1 FROM attendance_record a WHERE a.shift_id = s.id)`,
      [template.id, this.clock.now()],
    );
  }

  /** When a template ends on `lastDate`: its shifts after it that have not started go (edited ones are cancelled, kept as history). */
  async trimAfter(templateId: string, lastDate: string): Promise<void> {
    await this.cancelEditedAfter(templateId, lastDate);
    await this.db.execute(
      `DELETE FROM shift s WHERE template_id = $1 AND status = 'scheduled' AND NOT edited AND date > $2 AND lower(during) > $3
          AND NOT EXISTS (SELECT 1 FROM attendance_record a WHERE a.shift_id = s.id)`,
      [templateId, lastDate, this.clock.now()],
    );
  }

  private async cancelEditedAfter(templateId: string, lastDate: string): Promise<void> {
    await this.db.execute(
      `UPDATE shift SET status = 'cancelled', cancel_reason = 'template_ended', cancelled_at = $3, version = version + 1, updated_at = now()
        WHERE template_id = $1 AND status = 'scheduled' AND edited AND date > $2 AND lower(during) > $3`,
      [templateId, lastDate, this.clock.now()],
    );
  }

  /**
   * The person's scheduled shifts that a draft would overlap, but those at the same store on the
   * draft's own date (that date is then not planned, or is this template's own row). Shifts do not
   * cross midnight, so the rest are at other stores.
   */
  private collisions(template: TemplateRow, drafts: readonly ShiftDraft[]): Promise<Collision[]> {
    return this.db.rows<Collision>(
      `SELECT s.id, s.store_id AS "storeId", to_char(s.date, 'YYYY-MM-DD') AS date, lower(s.during) AS start, upper(s.during) AS "end",
              to_char(d.day, 'YYYY-MM-DD') AS "draftDate"
         FROM unnest($3::date[], $4::timestamptz[], $5::timestamptz[]) AS d(day, starts, ends)
         JOIN shift s ON s.staff_member_id = $1 AND s.status = 'scheduled' AND s.during && tstzrange(d.starts, d.ends)
        WHERE NOT (s.store_id = $2 AND s.date = d.day)
        ORDER BY d.day, lower(s.during)`,
      [template.staffMemberId, template.storeId, ...this.columns(drafts).slice(0, 3)],
    );
  }

  /** One statement for all the days; a day already planned for the template, or taken by another shift at the store, is left out. */
  private async insert(template: TemplateRow, drafts: ReadonlyArray<ShiftDraft & { onClosedDay: boolean }>): Promise<number> {
    if (drafts.length === 0) return 0;
    return this.db.execute(
      `INSERT INTO shift (staff_member_id, store_id, date, during, breaks, source, template_id, on_closed_day)
       SELECT $1, $2, d.day, tstzrange(d.starts, d.ends), d.breaks::tstzmultirange, 'template', $3, d.closed
         FROM unnest($4::date[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::boolean[]) AS d(day, starts, ends, breaks, closed)
        WHERE NOT EXISTS (SELECT 1 FROM shift o WHERE o.staff_member_id = $1 AND o.store_id = $2 AND o.date = d.day AND o.status = 'scheduled'
                                                  AND o.template_id IS DISTINCT FROM $3)
       ON CONFLICT (template_id, date) WHERE template_id IS NOT NULL DO NOTHING`,
      [template.staffMemberId, template.storeId, template.id, ...this.columns(drafts), drafts.map((draft) => draft.onClosedDay)],
    );
  }

  private columns(drafts: readonly ShiftDraft[]): [string[], string[], string[], string[]] {
    return [
      drafts.map((draft) => draft.date),
      drafts.map((draft) => new Date(draft.start).toISOString()),
      drafts.map((draft) => new Date(draft.end).toISOString()),
      drafts.map((draft) => multirangeText(draft.breaks)),
    ];
  }
}
