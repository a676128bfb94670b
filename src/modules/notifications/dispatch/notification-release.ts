import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { DeadlineHandler, defineDeadlineKind, type DueDeadline } from '../../../common/deadlines/index.js';
import { OutboxService } from '../../../common/events/index.js';

export const NOTIFICATION_OUTBOX_CHANNEL = 'notification';

/** A notification deferred by its store's quiet hours: released to the outbox when they end. */
export const NOTIFICATION_RELEASE = defineDeadlineKind('notification.release', {
  description: "An SMS or WeChat message written during a store's quiet hours is sent when they end (store time)",
});

/** Puts a notification on its way: one outbox message, delivered after the caller's transaction commits. */
export function enqueueNotification(outbox: OutboxService, id: string, key: string): Promise<string> {
  return outbox.enqueue({ channel: NOTIFICATION_OUTBOX_CHANNEL, topic: key, payload: { notificationId: id } });
}

@Injectable()
export class NotificationRelease {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OutboxService) private readonly outbox: OutboxService,
  ) {}

  /** Runs in the deadline's claim transaction; a notification no longer deferred (erased, already sent) is left alone. */
  @DeadlineHandler(NOTIFICATION_RELEASE)
  async release(deadline: DueDeadline): Promise<void> {
    const [released] = await this.db.rows<{ id: string; key: string }>(`UPDATE notification SET status = 'queued' WHERE id = $1 AND status = 'deferred' RETURNING id, key`, [
      deadline.subjectId,
    ]);
    if (released) await enqueueNotification(this.outbox, released.id, released.key);
  }
}
