import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { isUuid } from '../../common/validation/index.js';
import { NotificationRecipients, type StoreNotificationSettings, type StoreSettingsResolver } from '../notifications/index.js';

/**
 * Tells notifications each store's time zone and quiet hours (notifications imports no business
 * module: stores registers this at boot). One query for any number of stores; unknown ids are left out.
 */
@Injectable()
export class StoreNotificationSettingsResolver implements StoreSettingsResolver, OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
  ) {}

  onModuleInit(): void {
    this.recipients.registerStores(this);
  }

  async settings(storeIds: string[]): Promise<Map<string, StoreNotificationSettings>> {
    const ids = [...new Set(storeIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const settings = new Map<string, StoreNotificationSettings>();
    if (ids.length === 0) return settings;
    const rows = await this.db.rows<{ id: string; time_zone: string; quiet_hours_start: string | null; quiet_hours_end: string | null }>(
      'SELECT id, time_zone, quiet_hours_start, quiet_hours_end FROM store WHERE id = ANY($1::uuid[])',
      [ids],
    );
    for (const row of rows) {
      const quietHours = row.quiet_hours_start !== null && row.quiet_hours_end !== null ? { start: row.quiet_hours_start, end: row.quiet_hours_end } : null;
      settings.set(row.id, { storeId: row.id, timeZone: row.time_zone, quietHours });
    }
    return settings;
  }
}
