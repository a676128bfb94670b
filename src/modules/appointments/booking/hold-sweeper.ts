import { Inject, Injectable } from '@nestjs/common';
import { withAdvisoryLock, WorkerTask } from '../../../common/background/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';

/** Expired holds removed per statement, so one sweep never holds many locks at once. */
const BATCH = 1_000;

/**
 * Deletes expired holds (their segments go with them) every minute, one process at a time. Expired
 * holds already count for nothing — the search and bookings ignore them, and a booking deletes the
 * ones in its way — so this is tidiness: the segment table stays the size of what is live.
 */
@Injectable()
export class HoldSweeper extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super({ name: 'HoldSweeper', intervalMs: 60_000, config });
  }

  /** How many holds it removed, or undefined when another process holds the lock. */
  run(): Promise<number | undefined> {
    return withAdvisoryLock(this.db, 'bloom:appointment-hold-sweep', async () => {
      let removed = 0;
      for (;;) {
        const deleted = await this.db.execute(
          `DELETE FROM appointment_hold WHERE id IN (SELECT id FROM appointment_hold WHERE expires_at <= $1 ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`,
          [this.clock.now()],
        );
        removed += deleted;
        if (deleted < BATCH) return removed;
      }
    });
  }
}
