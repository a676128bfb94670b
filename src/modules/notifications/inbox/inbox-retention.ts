import { Inject, Injectable } from '@nestjs/common';
import { purgeRows, WorkerTask } from '../../../common/background/index.js';
import { Db } from '../../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';

/**
 * Deletes read in-app messages created longer than INBOX_RETENTION ago, every 10 minutes in the
 * worker and all roles. Unread ones stay until read: a message nobody saw is not yet done with.
 */
@Injectable()
export class InboxRetention extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'InboxRetention', intervalMs: 10 * 60_000, config });
  }

  /** Answers how many messages were deleted. */
  run(): Promise<number> {
    return purgeRows(this.db, {
      lock: 'bloom:inbox-retention',
      table: 'staff_message',
      where: `read_at IS NOT NULL AND created_at < now() - $1 * interval '1 millisecond'`,
      params: [this.config.INBOX_RETENTION],
    });
  }
}
