import { Inject, Injectable } from '@nestjs/common';
import { withAdvisoryLock, WorkerTask } from '../../../common/background/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { DomainError } from '../../../common/errors/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { waitlistStates, waitlistTransitions, type WaitlistState } from './waitlist-state.js';

export interface WaitlistSweepRun {
  /** Offers that ran out (or whose hold is gone): back to waiting. */
  offersEnded: number;
  /** Entries whose last date has passed in the store's zone. */
  expired: number;
}

/** How many entries one run moves at most (the next run takes the rest). */
const BATCH = 500;

/**
 * Every minute, in the worker and all roles, one process at a time: offers whose hold expired go back
 * to waiting (for the next freed slot), and entries whose dates have passed expire. Each entry moves
 * in a transaction of its own; one that another transaction moved meanwhile is skipped.
 */
@Injectable()
export class WaitlistSweep extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super({ name: 'WaitlistSweep', intervalMs: 60_000, config });
  }

  /** Answers what it did, or undefined when another process holds the lock. */
  run(): Promise<WaitlistSweepRun | undefined> {
    return withAdvisoryLock(this.db, 'bloom:waitlist-sweep', async () => {
      const now = this.clock.now();
      const ended = await this.db.rows<{ id: string }>(
        `SELECT w.id FROM waitlist_entry w
          WHERE w.status = 'offered' AND (w.offer_expires_at <= $1 OR NOT EXISTS (SELECT 1 FROM appointment_hold h WHERE h.id = w.offer_hold_id))
          ORDER BY w.created_at, w.id LIMIT ${BATCH}`,
        [now],
      );
      const past = await this.db.rows<{ id: string }>(
        `SELECT w.id FROM waitlist_entry w
          WHERE w.status IN ('waiting', 'offered') AND w.date_to < ($1::timestamptz AT TIME ZONE ${storeTimeZoneSql('w.store_id')})::date
          ORDER BY w.created_at, w.id LIMIT ${BATCH}`,
        [now],
      );
      return {
        offersEnded: await this.move(ended, 'waiting', 'the offer ran out'),
        expired: await this.move(past, 'expired', 'its dates have passed'),
      };
    });
  }

  private async move(rows: Array<{ id: string }>, to: WaitlistState, reason: string): Promise<number> {
    let moved = 0;
    for (const { id } of rows) {
      try {
        await this.db.transaction(() => waitlistTransitions.apply(this.db, { id, to, actor: null, reason }));
        moved++;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === `${waitlistStates.entity}.invalid_transition`)) throw error;
      }
    }
    return moved;
  }
}
