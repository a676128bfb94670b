import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { InboxBroadcast } from './inbox-broadcast.js';

/** One in-app message for one member of staff, as dispatch hands it over (already rendered). */
export interface StaffInboxItem {
  userId: string;
  notificationId?: string;
  key: string;
  category: string;
  title: string;
  body: string;
  link?: string;
  storeId?: string;
}

/**
 * Where staff's in-app messages are written (dispatch calls it; other modules go through
 * NotificationsService.toStaff). The rows are written in the caller's transaction, so a rollback
 * leaves no message; once it commits, the ids go out on Redis pub/sub and every API process pushes
 * them to the recipients' open streams. A lost publish loses no message: the inbox lists it, and a
 * stream that reconnects catches up from PostgreSQL.
 */
@Injectable()
export class StaffInbox {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(InboxBroadcast) private readonly broadcast: InboxBroadcast,
  ) {}

  /** Writes the messages inside the caller's transaction; answers their ids, in the order of `items`. */
  async add(items: readonly StaffInboxItem[]): Promise<string[]> {
    this.db.requireTransaction('A staff message');
    if (items.length === 0) return [];
    for (const item of items) {
      for (const id of [item.userId, item.notificationId, item.storeId]) {
        if (id !== undefined && !isUuid(id)) throw new Error(`StaffInbox.add: ${JSON.stringify(id)} is not a UUID`);
      }
    }
    // Ids chosen here, so they come back in the items' order whatever order the rows are written in.
    const ids = items.map(() => randomUUID());
    await this.db.execute(
      `INSERT INTO staff_message (id, user_id, notification_id, key, category, title, body, link, store_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[])`,
      [
        ids,
        items.map((item) => item.userId),
        items.map((item) => item.notificationId ?? null),
        items.map((item) => item.key),
        items.map((item) => item.category),
        items.map((item) => item.title),
        items.map((item) => item.body),
        items.map((item) => item.link ?? null),
        items.map((item) => item.storeId ?? null),
      ],
    );
    const published = ids.map((id, i) => ({ id, userId: items[i].userId }));
    // Not awaited: the business transaction's answer must not wait on Redis (the publish logs its own failure).
    this.db.afterCommit(() => void this.broadcast.publishMessages(published));
    return ids;
  }
}
