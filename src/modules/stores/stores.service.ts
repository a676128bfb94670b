import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { isUuid } from '../../common/validation/index.js';
import { normalizeWeeklyHours, type HoursInterval, type WeeklyHours } from './business-hours.js';
import type { StoreAddress } from './store-address.js';
import { StoreErrors } from './stores.errors.js';

/** What scheduling needs to know of a store's days (see StoresService.calendarOf). */
export interface StoreCalendar {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  /** Every weekday present; `[]`: closed that weekday. */
  businessHours: WeeklyHours;
  /** The dated closures and special hours in the range asked for, in date order (`intervals` empty when closed). */
  overrides: Array<{ date: string; kind: 'closed' | 'special_hours'; intervals: HoursInterval[]; reason: string }>;
}

/** How another module shows a store to people (a staff member's calendar feed). */
export interface StoreSummary {
  id: string;
  name: string;
  address: StoreAddress;
  phone: string;
  timeZone: string;
}

/**
 * What other modules may ask the stores module. Narrow on purpose: callers have already decided
 * who may see what; these methods answer facts about stores.
 */
@Injectable()
export class StoresService {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * Throws `reference.not_found` (422, naming the missing ids in `errors[]` and `missingIds`) unless every
   * id names a store. Archived stores exist. Joins the caller's transaction when there is one.
   */
  async assertStoresExist(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const candidates = unique.filter(isUuid);
    const found = candidates.length
      ? new Set((await this.db.rows<{ id: string }>('SELECT id FROM store WHERE id = ANY($1::uuid[])', [candidates])).map((row) => row.id))
      : new Set<string>();
    const missing = unique.filter((id) => !found.has(id.toLowerCase()));
    if (missing.length > 0) throw StoreErrors.unknownStores(missing);
  }

  /** The store's IANA time zone; `store.not_found` (404) when there is no such store. */
  async getTimeZone(storeId: string): Promise<string> {
    if (!isUuid(storeId)) throw StoreErrors.notFound(storeId);
    const [row] = await this.db.rows<{ time_zone: string }>('SELECT time_zone FROM store WHERE id = $1', [storeId]);
    if (!row) throw StoreErrors.notFound(storeId);
    return row.time_zone;
  }

  /** Name, address and time zone of each store named (archived ones too); ids that name no store are left out. */
  async describeStores(ids: readonly string[]): Promise<StoreSummary[]> {
    const candidates = [...new Set(ids.filter(isUuid))];
    if (candidates.length === 0) return [];
    return this.db.rows<StoreSummary>('SELECT id, name, address, phone, time_zone AS "timeZone" FROM store WHERE id = ANY($1::uuid[])', [candidates]);
  }

  /**
   * A store's name, time zone and weekly hours, with its closures and special hours from `from` to
   * `to` (dates, inclusive), in one query: enough to tell its closed days and to name it to a person.
   * `store.not_found` (404) when there is no such store.
   */
  async calendarOf(storeId: string, from: string, to: string): Promise<StoreCalendar> {
    if (!isUuid(storeId)) throw StoreErrors.notFound(storeId);
    const [row] = await this.db.rows<StoreCalendar>(
      `SELECT s.id, s.code, s.name, s.time_zone AS "timeZone", s.business_hours AS "businessHours",
              coalesce((SELECT json_agg(json_build_object('date', to_char(c.date, 'YYYY-MM-DD'), 'kind', c.kind, 'intervals', c.intervals, 'reason', c.reason) ORDER BY c.date)
                          FROM store_closure c WHERE c.store_id = s.id AND c.date BETWEEN $2 AND $3), '[]'::json) AS overrides
         FROM store s WHERE s.id = $1`,
      [storeId, from, to],
    );
    if (!row) throw StoreErrors.notFound(storeId);
    return { ...row, businessHours: normalizeWeeklyHours(row.businessHours) };
  }
}
