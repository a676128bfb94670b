import { Inject, Injectable } from '@nestjs/common';
import { formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { DomainError } from '../../../common/errors/index.js';
import { StoresService } from '../../stores/index.js';
import { WorkingTimeErrors } from '../scheduling.errors.js';
import { lockStaffShifts, SHIFT_COLUMNS, type ShiftRow } from './shift-sql.js';
import { localTimeOf } from './template-expansion.js';

/**
 * One person in one place: the shifts a new one would collide with, and the 409 that names the other
 * shift to a person (its store, date and hours). Callers hold the person's lock (`lock`) from the
 * check to the write, so the shift named is the one that is there.
 */
@Injectable()
export class ShiftConflicts {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  lock(staffMemberId: string): Promise<void> {
    return lockStaffShifts(this.db, staffMemberId);
  }

  /** The person's scheduled shifts overlapping `[start, end)`, but `exceptId`, in start order. */
  overlapping(staffMemberId: string, start: number, end: number, exceptId?: string): Promise<ShiftRow[]> {
    return this.db.rows<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM shift
        WHERE staff_member_id = $1 AND status = 'scheduled' AND during && tstzrange($2, $3) AND ($4::uuid IS NULL OR id <> $4)
        ORDER BY lower(during)`,
      [staffMemberId, new Date(start).toISOString(), new Date(end).toISOString(), exceptId ?? null],
    );
  }

  /** `scheduling.shift_overlap` naming `other`; `field` is the request's field that collides. */
  async error(field: string, other: Pick<ShiftRow, 'id' | 'storeId' | 'date' | 'start' | 'end'>): Promise<DomainError> {
    const store = await this.stores.calendarOf(other.storeId, other.date, other.date);
    const [start, end] = [other.start.getTime(), other.end.getTime()];
    const hours = `${localTimeOf(start, other.date, store.timeZone)}–${localTimeOf(end, other.date, store.timeZone)}`;
    return WorkingTimeErrors.overlap(
      field,
      { shiftId: other.id, storeId: other.storeId, date: other.date, start: formatInstant(start, store.timeZone), end: formatInstant(end, store.timeZone) },
      `This staff member already works ${hours} on ${other.date} at ${store.name} (${store.code}), and one person cannot be in two places: change or cancel that shift first.`,
    );
  }
}
