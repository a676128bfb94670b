import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import type { StaffMemberName } from '../scheduling-contracts.js';

/** Who staff members are to people and to notifications: names and sign-ins by id (one query). */
@Injectable()
export class StaffMemberNames {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Inactive members too (they keep their appointments); ids that name nobody are left out. */
  async of(ids: readonly string[]): Promise<StaffMemberName[]> {
    const candidates = [...new Set(ids.filter(isUuid))];
    if (candidates.length === 0) return [];
    return this.db.rows<StaffMemberName>(
      `SELECT id AS "staffMemberId", user_id AS "userId", name, display_name AS "displayName" FROM staff_member WHERE id = ANY($1::uuid[]) ORDER BY display_name, id`,
      [candidates],
    );
  }
}
