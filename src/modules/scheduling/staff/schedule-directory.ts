import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import type { Directory, DirectoryQuery } from '../scheduling-contracts.js';

/**
 * Names of staff members and resources for views and notices of appointments (SchedulingService.directory): the ones
 * asked for by id, and with a store, everyone active there (and staff with a shift there in the range).
 * One query for both lists.
 */
@Injectable()
export class ScheduleDirectory {
  constructor(@Inject(Db) private readonly db: Db) {}

  async find(query: DirectoryQuery): Promise<Directory> {
    const storeId = query.storeId && isUuid(query.storeId) ? query.storeId : null;
    const staffIds = [...new Set(query.staffMemberIds.filter(isUuid))];
    const resourceIds = [...new Set(query.resourceIds.filter(isUuid))];
    if (!storeId && staffIds.length === 0 && resourceIds.length === 0) return { staff: [], resources: [] };
    const [row] = await this.db.rows<Directory>(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('staffMemberId', m.id, 'displayName', m.display_name, 'calendarColor', m.calendar_color, 'userId', m.user_id) ORDER BY m.display_name, m.id), '[]')
            FROM staff_member m
           WHERE m.id = ANY($2::uuid[])
              OR (m.status = 'active' AND EXISTS (SELECT 1 FROM staff_member_store s WHERE s.staff_member_id = m.id AND s.store_id = $1))
              OR ($4::timestamptz IS NOT NULL AND EXISTS (SELECT 1 FROM shift h WHERE h.staff_member_id = m.id AND h.store_id = $1 AND h.status = 'scheduled' AND h.during && tstzrange($4, $5)))) AS staff,
         (SELECT coalesce(json_agg(json_build_object('resourceId', r.id, 'name', r.name, 'type', r.type) ORDER BY r.name, r.id), '[]')
            FROM resource r
           WHERE r.id = ANY($3::uuid[]) OR (r.status = 'active' AND r.store_id = $1)) AS resources`,
      [storeId, staffIds, resourceIds, (storeId && query.from) || null, (storeId && query.to) || null],
    );
    return row;
  }
}
