/** SQL shared by the working-time services: the columns of a shift and of a template as rows, and the per-person lock. */
import { columnList, type SqlRunner } from '../../../common/database/index.js';
import type { ShiftSource, ShiftStatus } from './shift.entity.js';
import type { TemplateWeek } from './template-week.js';

/** A shift as read: its range split into instants, its breaks as `[start, end]` pairs in start order. */
export interface ShiftRow {
  id: string;
  staffMemberId: string;
  storeId: string;
  date: string;
  start: Date;
  end: Date;
  breaks: Array<[string, string]>;
  source: ShiftSource;
  templateId: string | null;
  edited: boolean;
  status: ShiftStatus;
  onClosedDay: boolean;
  note: string | null;
  cancelReason: string | null;
  version: number;
}

export const SHIFT_COLUMNS = columnList<ShiftRow>({
  id: 'id',
  staffMemberId: 'staff_member_id',
  storeId: 'store_id',
  date: `to_char(date, 'YYYY-MM-DD')`,
  start: 'lower(during)',
  end: 'upper(during)',
  breaks: `(SELECT coalesce(json_agg(json_build_array(lower(b), upper(b)) ORDER BY lower(b)), '[]'::json) FROM unnest(breaks) AS b)`,
  source: 'source',
  templateId: 'template_id',
  edited: 'edited',
  status: 'status',
  onClosedDay: 'on_closed_day',
  note: 'note',
  cancelReason: 'cancel_reason',
  version: 'version',
});

export interface TemplateRow {
  id: string;
  staffMemberId: string;
  storeId: string;
  validFrom: string;
  validTo: string | null;
  week: TemplateWeek;
  allowClosedDays: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const TEMPLATE_COLUMNS = columnList<TemplateRow>({
  id: 'id',
  staffMemberId: 'staff_member_id',
  storeId: 'store_id',
  validFrom: `to_char(valid_from, 'YYYY-MM-DD')`,
  validTo: `to_char(valid_to, 'YYYY-MM-DD')`,
  week: 'week',
  allowClosedDays: 'allow_closed_days',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/**
 * Serialises every write to one person's shifts and templates until the transaction ends, so the
 * overlap found by a check is still the overlap when the insert follows, and a 409 can name the other
 * shift (the exclusion constraint, which cannot, stays the last guard).
 */
export async function lockStaffShifts(db: SqlRunner, staffMemberId: string): Promise<void> {
  await db.rows(`SELECT pg_advisory_xact_lock(hashtextextended('bloom:staff-shifts:' || $1, 0))`, [staffMemberId]);
}
