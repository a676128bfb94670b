import { Inject, Injectable } from '@nestjs/common';
import { purgeRows, WorkerTask } from '../../common/background/index.js';
import { Db } from '../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';

/**
 * Rows of ended sessions stay this long after the session's end, so a client presenting an old token
 * still hears `auth.refresh_expired` (sign in again) rather than `auth.refresh_invalid`.
 */
export const EXPIRED_SESSION_GRACE_DAYS = 7;

/**
 * Deletes the refresh tokens of sessions that ended more than a week ago, hourly in the worker and
 * all roles. Every refresh writes a row, so without it the table grows by every staff member's
 * every quarter hour, for ever. A session's tokens share its end (`expires_at`), so a family goes
 * whole: reuse detection never sees half a family.
 */
@Injectable()
export class RefreshTokenPurger extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'RefreshTokenPurge', intervalMs: 60 * 60_000, config });
  }

  /** Answers how many tokens were deleted. */
  run(): Promise<number> {
    return purgeRows(this.db, {
      lock: 'bloom:refresh-token-purge',
      table: 'refresh_token',
      where: 'expires_at < now() - make_interval(days => $1)',
      params: [EXPIRED_SESSION_GRACE_DAYS],
    });
  }
}
