import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { isUuid } from '../../common/validation/index.js';
import { NotificationRecipients, type StaffAudience, type StaffAudienceResolver, type StaffContact } from '../notifications/index.js';
import type { StaffLocale } from './staff-user.entity.js';

/**
 * Tells notifications who on the staff gets a staff message (notifications imports no business
 * module: identity registers this at boot). The audience is the active users who have one of
 * `roles` (any role when left out) and work at `storeId` (owners work at every store; the whole
 * business when left out), plus the active users named in `userIds`. An audience with neither roles,
 * store nor users is nobody: a message to the whole staff names its roles. One query.
 */
@Injectable()
export class StaffAudienceProvider implements StaffAudienceResolver, OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
  ) {}

  onModuleInit(): void {
    this.recipients.registerStaff(this);
  }

  async members(audience: StaffAudience): Promise<StaffContact[]> {
    const byRoleOrStore = audience.roles !== undefined || audience.storeId !== undefined;
    // An id that is no UUID names nobody (and no store: then only the named users are left).
    const storeValid = audience.storeId === undefined || isUuid(audience.storeId);
    const userIds = (audience.userIds ?? []).filter(isUuid);
    if (!(byRoleOrStore && storeValid) && userIds.length === 0) return [];
    const rows = await this.db.rows<{ id: string; name: string; email: string | null; phone: string | null; locale: StaffLocale }>(
      `SELECT u.id, u.name, u.email, u.phone, u.locale
         FROM staff_user u
        WHERE u.status = 'active'
          AND (($1::boolean
                AND ($2::text[] IS NULL OR u.role = ANY($2::text[]))
                AND ($3::uuid IS NULL OR u.role = 'owner'
                     OR EXISTS (SELECT 1 FROM staff_user_store s WHERE s.user_id = u.id AND s.store_id = $3::uuid)))
               OR u.id = ANY($4::uuid[]))
        ORDER BY u.name, u.id`,
      [byRoleOrStore && storeValid, audience.roles ?? null, storeValid ? (audience.storeId ?? null) : null, userIds],
    );
    return rows.map((row) => ({ userId: row.id, name: row.name, email: row.email, phone: row.phone, locale: row.locale }));
  }
}
