import { Inject, Injectable } from '@nestjs/common';
import { columnList, Db, Transactional } from '../../../common/database/index.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../../common/http/pagination.js';
import { isUuid } from '../../../common/validation/index.js';
import {
  toStaffMessageResponse,
  type MarkAllReadResponseDto,
  type StaffMessageListQueryDto,
  type StaffMessagePageDto,
  type StaffMessageResponseDto,
} from './dto/staff-message.dto.js';
import { InboxErrors } from './inbox.errors.js';
import type { StaffMessage } from './staff-message.entity.js';

export const STAFF_MESSAGE_COLUMNS = columnList<StaffMessage>({
  id: 'id',
  userId: 'user_id',
  notificationId: 'notification_id',
  key: 'key',
  category: 'category',
  title: 'title',
  body: 'body',
  link: 'link',
  storeId: 'store_id',
  createdAt: 'created_at',
  readAt: 'read_at',
});

/** A position in a user's messages, oldest first: (created_at, id). */
export interface MessagePosition {
  createdAt: Date;
  id: string;
}

/**
 * A member of staff's own messages: their inbox, marking read, and the reads the live streams make.
 * Every query names the user, so another user's message is never seen nor touched (it answers 404).
 * Read marks are not audited: they change nothing but the reader's own view.
 */
@Injectable()
export class StaffMessages {
  constructor(@Inject(Db) private readonly db: Db) {}

  async list(userId: string, query: StaffMessageListQueryDto): Promise<StaffMessagePageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [userId];
    const where = ['user_id = $1'];
    if (query.unread) where.push('read_at IS NULL');
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.createdAt, position.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const [rows, unreadCount] = await Promise.all([
      this.db.rows<StaffMessage>(
        `SELECT ${STAFF_MESSAGE_COLUMNS} FROM staff_message WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      ),
      this.unreadCount(userId),
    ]);
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map(toStaffMessageResponse),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
      unreadCount,
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db.rows<{ count: number }>('SELECT count(*)::int AS count FROM staff_message WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return row.count;
  }

  /** Marks one message read; reading it again changes nothing (it keeps its first `readAt`). */
  @Transactional()
  async markRead(userId: string, id: string): Promise<StaffMessageResponseDto> {
    if (!isUuid(id)) throw InboxErrors.notFound(id);
    const [marked] = await this.db.rows<StaffMessage>(
      `UPDATE staff_message SET read_at = now() WHERE id = $1 AND user_id = $2 AND read_at IS NULL RETURNING ${STAFF_MESSAGE_COLUMNS}`,
      [id, userId],
    );
    if (marked) return toStaffMessageResponse(marked);
    const [existing] = await this.db.rows<StaffMessage>(`SELECT ${STAFF_MESSAGE_COLUMNS} FROM staff_message WHERE id = $1 AND user_id = $2`, [id, userId]);
    if (!existing) throw InboxErrors.notFound(id);
    return toStaffMessageResponse(existing);
  }

  /** Marks every unread message read. Concurrent calls each count only what they marked (the row lock decides). */
  @Transactional()
  async markAllRead(userId: string): Promise<MarkAllReadResponseDto> {
    const marked = await this.db.execute('UPDATE staff_message SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return { marked };
  }

  /** The messages of these ids, oldest first (what a stream sends when they are published). */
  byIds(ids: readonly string[]): Promise<StaffMessage[]> {
    return this.db.rows<StaffMessage>(`SELECT ${STAFF_MESSAGE_COLUMNS} FROM staff_message WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`, [ids]);
  }

  /** Where a user's message stands in their messages; undefined when it is not theirs (or gone). */
  async positionOf(userId: string, id: string): Promise<MessagePosition | undefined> {
    const [row] = await this.db.rows<MessagePosition>('SELECT created_at AS "createdAt", id FROM staff_message WHERE id = $1 AND user_id = $2', [id, userId]);
    return row;
  }

  /** A user's messages after `position`, oldest first, at most `limit`. */
  after(userId: string, position: MessagePosition, limit: number): Promise<StaffMessage[]> {
    return this.db.rows<StaffMessage>(
      `SELECT ${STAFF_MESSAGE_COLUMNS} FROM staff_message WHERE user_id = $1 AND (created_at, id) > ($2::timestamptz, $3::uuid) ORDER BY created_at, id LIMIT $4`,
      [userId, position.createdAt, position.id, limit],
    );
  }
}
