import { Inject, Injectable, Logger } from '@nestjs/common';
import { withAdvisoryLock, WorkerTask } from '../../../common/background/index.js';
import { addDays, Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { ShiftConflicts } from './shift-conflicts.js';
import { ShiftPlanner } from './shift-planner.js';
import { TEMPLATE_COLUMNS, type TemplateRow } from './shift-sql.js';

export interface PlanningRun {
  templates: number;
  planned: number;
  skipped: number;
  failed: number;
}

/**
 * Keeps every current template planned up to the horizon (SHIFT_PLANNING_DAYS from today), hourly in
 * the worker and all roles, one process at a time (advisory lock). Idempotent: days already planned
 * are left alone. A day that collides with another shift is skipped and logged by its code, and a
 * template that fails is logged; neither stops the others. Each template is planned in a transaction
 * of its own under its person's lock, read afresh there.
 */
@Injectable()
export class ShiftPlanningTask extends WorkerTask {
  private readonly logger = new Logger('ShiftPlanning');

  constructor(
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ShiftPlanner) private readonly planner: ShiftPlanner,
    @Inject(ShiftConflicts) private readonly conflicts: ShiftConflicts,
  ) {
    super({ name: 'ShiftPlanning', intervalMs: 60 * 60_000, config });
  }

  /** Answers what it did, or undefined when another process holds the lock. */
  run(): Promise<PlanningRun | undefined> {
    return withAdvisoryLock(this.db, 'bloom:shift-planning', async () => {
      // A day before the UTC date: "today" in any zone is no earlier.
      const since = addDays(this.clock.now().toISOString().slice(0, 10), -1);
      const current = await this.db.rows<{ id: string; staffMemberId: string }>(
        `SELECT t.id, t.staff_member_id AS "staffMemberId" FROM shift_template t JOIN staff_member m ON m.id = t.staff_member_id
          WHERE m.status = 'active' AND (t.valid_to IS NULL OR t.valid_to >= $1) ORDER BY t.id`,
        [since],
      );
      const run: PlanningRun = { templates: current.length, planned: 0, skipped: 0, failed: 0 };
      for (const { id, staffMemberId } of current) {
        try {
          const result = await this.db.transaction(async () => {
            await this.conflicts.lock(staffMemberId);
            const [template] = await this.db.rows<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM shift_template WHERE id = $1`, [id]);
            return template ? this.planner.plan(template, 'skip') : undefined;
          });
          run.planned += result?.planned ?? 0;
          for (const day of result?.skipped ?? []) {
            run.skipped++;
            this.logger.warn({ code: day.code, templateId: id, date: day.date, shiftId: day.shiftId }, 'a planned day was skipped');
          }
        } catch (error) {
          run.failed++;
          this.logger.error({ err: error, templateId: id }, 'planning a template failed');
        }
      }
      return run;
    });
  }
}
