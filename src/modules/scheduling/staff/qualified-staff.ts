import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { CatalogService } from '../../catalog/index.js';
import type { QualifiedStaff, QualifiedStaffMember, StaffShownOnline } from '../scheduling-contracts.js';

type StaffRow = Omit<QualifiedStaffMember, 'price' | 'durationMinutes' | 'timeBlocks'>;

/**
 * The staff able to perform a variation in a store, with their effective price and duration (two
 * queries: the catalog's, then ours). Able: active, working at the store, with the variation's skill;
 * online, also bookable online (and the variation must be). Senior first (level rank, unlevelled
 * last), then the name customers see.
 */
@Injectable()
export class QualifiedStaffFinder {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  async find(variationId: string, storeId: string, options: { online?: boolean } = {}): Promise<QualifiedStaff> {
    const variation = await this.catalog.variationForStore(variationId, storeId);
    if (!variation) return { variation: null, staff: [] };
    const online = options.online ?? false;
    if (online && !variation.bookableOnline) return { variation, staff: [] };
    const rows = await this.db.rows<StaffRow>(
      `SELECT m.id AS "staffMemberId", m.name, m.display_name AS "displayName", m.calendar_color AS "calendarColor",
              m.level_id AS "levelId", l.code::text AS "levelCode", l.name AS "levelName", l.rank AS "levelRank",
              k.proficiency, m.bookable_online AS "bookableOnline"
         FROM staff_member_store ms
         JOIN staff_member m ON m.id = ms.staff_member_id
         JOIN staff_member_skill k ON k.staff_member_id = m.id AND k.skill = $2
         LEFT JOIN staff_level l ON l.id = m.level_id
        WHERE ms.store_id = $1 AND m.status = 'active' AND (NOT $3::boolean OR m.bookable_online)
        ORDER BY l.rank DESC NULLS LAST, m.display_name, m.id`,
      [storeId, variation.skill, online],
    );
    // The variation's own terms (the store's price, else the catalog's) for levels without terms of their own.
    const base = { price: variation.price, durationMinutes: variation.durationMinutes, timeBlocks: variation.timeBlocks };
    const byLevel = new Map(variation.levels.map((level) => [level.levelId, level]));
    const staff = rows.map((row) => {
      const terms = (row.levelId && byLevel.get(row.levelId)) || base;
      return { ...row, price: terms.price, durationMinutes: terms.durationMinutes, timeBlocks: terms.timeBlocks };
    });
    return { variation, staff };
  }

  /** Whom customers may pick online in the store: active, working there, bookable online; senior first, as `find` orders them. */
  shownOnline(storeId: string): Promise<StaffShownOnline[]> {
    return this.db.rows<StaffShownOnline>(
      `SELECT m.id AS "staffMemberId", m.display_name AS "displayName", m.photo_url AS "photoUrl", m.level_id AS "levelId", l.name AS "levelName",
              ARRAY(SELECT k.skill::text FROM staff_member_skill k WHERE k.staff_member_id = m.id ORDER BY k.skill) AS skills
         FROM staff_member_store ms
         JOIN staff_member m ON m.id = ms.staff_member_id
         LEFT JOIN staff_level l ON l.id = m.level_id
        WHERE ms.store_id = $1 AND m.status = 'active' AND m.bookable_online
        ORDER BY l.rank DESC NULLS LAST, m.display_name, m.id`,
      [storeId],
    );
  }
}
