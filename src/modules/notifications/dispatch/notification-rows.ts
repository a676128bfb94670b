import { NOTIFICATION_OUTBOX_CHANNEL } from './notification-release.js';
import type { Db } from '../../../common/database/index.js';
import type { NotificationChannel, NotificationKeyDefinition, NotificationLocale } from '../notification-contracts.js';
import type { NotificationReason, NotificationStatus } from './notification.entity.js';

/** What a new notification row holds (the rest takes its defaults). */
export interface NewNotification {
  definition: NotificationKeyDefinition;
  channel: NotificationChannel;
  customerId?: string | null;
  staffUserId?: string | null;
  storeId?: string | null;
  recipient?: string | null;
  locale: NotificationLocale;
  variables?: Record<string, string | number>;
  urgent?: boolean;
  status: NotificationStatus;
  reason?: NotificationReason | null;
  lastError?: string | null;
  provider?: string | null;
  dedupeKey?: string | null;
  deferredUntil?: Date | null;
}

/**
 * Inserts one notification in the caller's transaction. A row whose dedupe key exists already is not
 * written again: `created` is false and `id` is the existing row's, so the caller adds no side effects.
 */
export async function insertNotification(db: Db, row: NewNotification, { toOutbox = false } = {}): Promise<{ id: string; created: boolean; outboxId?: string }> {
  const sent = row.status === 'sent';
  // With toOutbox, its outbox message is written by the same statement: one round trip fewer in the
  // caller's transaction (the target is ≤ 1 ms added to it); the caller starts its delivery after commit.
  const inserted = await db.rows<{ id: string; outboxId: string | null }>(
    `WITH n AS (
       INSERT INTO notification (key, kind, category, channel, customer_id, staff_user_id, store_id, recipient, locale, variables, urgent,
                                 status, reason, last_error, provider, dedupe_key, deferred_until, sent_at, failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, ${sent ? 'now()' : 'NULL'}, ${row.status === 'failed' ? 'now()' : 'NULL'})
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id),
     o AS (
       INSERT INTO outbox_message (channel, topic, payload)
       SELECT $18, $1, jsonb_build_object('notificationId', n.id) FROM n WHERE $19
       RETURNING id)
     SELECT n.id, (SELECT id FROM o) AS "outboxId" FROM n`,
    [
      row.definition.key,
      row.definition.kind,
      row.definition.category,
      row.channel,
      row.customerId ?? null,
      row.staffUserId ?? null,
      row.storeId ?? null,
      row.recipient ?? null,
      row.locale,
      JSON.stringify(row.variables ?? {}),
      row.urgent ?? false,
      row.status,
      row.reason ?? null,
      row.lastError ?? null,
      row.provider ?? null,
      row.dedupeKey ?? null,
      row.deferredUntil ?? null,
      NOTIFICATION_OUTBOX_CHANNEL,
      toOutbox,
    ],
  );
  if (inserted.length > 0) return { id: inserted[0].id, created: true, outboxId: inserted[0].outboxId ?? undefined };
  const [existing] = await db.rows<{ id: string }>('SELECT id FROM notification WHERE dedupe_key = $1', [row.dedupeKey]);
  return { id: existing.id, created: false };
}
