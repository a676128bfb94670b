import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { withAdvisoryLock } from '../background/index.js';
import { OutboxQueue } from './outbox-queue.js';
import { OutboxTransports } from './outbox-transport.js';

const BATCH = 1000;

/**
 * Re-enqueues outbox messages that are due but may have no job: the job was lost (Redis flushed or
 * restarted), the add failed after commit, a worker died mid-attempt (its claim expired), or a
 * transport was registered since. Adding a job that already exists is a no-op (same job id per
 * attempt), and the claim in OutboxDeliverer makes a duplicate job harmless.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OutboxQueue) private readonly queue: OutboxQueue,
    @Inject(OutboxTransports) private readonly transports: OutboxTransports,
  ) {}

  /** One pass; answers how many messages were enqueued (undefined when another process holds the lock). */
  async relayOnce(): Promise<number | undefined> {
    const channels = this.transports.channels();
    return withAdvisoryLock(this.db, 'bloom:outbox-relay', async () => {
      const due = await this.db.rows<{ id: string; attempts: number }>(
        `SELECT id, attempts FROM outbox_message
          WHERE status IN ('pending', 'sending', 'failed') AND next_attempt_at <= now() AND channel = ANY($1::text[])
          ORDER BY next_attempt_at LIMIT ${BATCH}`,
        [channels],
      );
      await this.queue.add(due.map(({ id, attempts }) => ({ id, attempt: attempts + 1 })));
      const waiting = await this.db.rows<{ channel: string }>(
        `SELECT DISTINCT channel FROM outbox_message WHERE status IN ('pending', 'failed') AND NOT (channel = ANY($1::text[]))`,
        [channels],
      );
      for (const { channel } of waiting) this.transports.warnMissing(channel);
      return due.length;
    });
  }
}
