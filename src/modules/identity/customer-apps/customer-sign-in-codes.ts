import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';

/** Sign-ins one code takes, right or wrong: the fifth wrong one burns it. */
export const MAX_SIGN_IN_CODE_TRIES = 5;

/**
 * Customers' sign-in codes, as staff password-reset codes are kept (PasswordResetCodes): six digits
 * from crypto's randomInt, one live code per phone (a new one replaces it), stored as an HMAC under the
 * server's secret bound to the phone, working once, until CUSTOMER_SIGN_IN_CODE_TTL, for
 * MAX_SIGN_IN_CODE_TRIES tries. A try is counted by a conditional UPDATE that also locks the row, so
 * of two sign-ins with the same code one waits, and finds it used.
 */
@Injectable()
export class CustomerSignInCodes {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** A new code for the phone (E.164), replacing its live one. Joins the caller's transaction. */
  async issue(phone: string): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock.nowMs();
    await this.db.execute(
      `INSERT INTO customer_sign_in_code (phone, code_hash, expires_at, attempts, used_at, requested_at)
       VALUES ($1, $2, $3, 0, NULL, $4)
       ON CONFLICT (phone) DO UPDATE
         SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, attempts = 0, used_at = NULL, requested_at = EXCLUDED.requested_at`,
      [phone, this.hashOf(phone, code), new Date(now + this.config.CUSTOMER_SIGN_IN_CODE_TTL), new Date(now)],
    );
    return code;
  }

  /**
   * Counts a try of `code` for the phone, and answers whether it is the phone's live code. The try
   * is counted in the caller's transaction, which must commit it even when the answer is false.
   * A right code is not used up here: `useUp` does it, once the sign-in is sure to succeed.
   */
  async check(phone: string, code: string): Promise<boolean> {
    const [live] = await this.db.rows<{ code_hash: string }>(
      `UPDATE customer_sign_in_code SET attempts = attempts + 1
        WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3
        RETURNING code_hash`,
      [phone, this.clock.now(), MAX_SIGN_IN_CODE_TRIES],
    );
    return !!live && sameHash(live.code_hash, this.hashOf(phone, code));
  }

  /** Marks the phone's code used (after a right `check` in the same transaction: the row is locked). */
  async useUp(phone: string): Promise<void> {
    await this.db.execute('UPDATE customer_sign_in_code SET used_at = $2 WHERE phone = $1', [phone, this.clock.now()]);
  }

  /** Keyed by the server's secret and bound to the phone: a copy of the table alone gives no code away. */
  private hashOf(phone: string, code: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`bloom customer sign-in code\n${phone}\n${code}`).digest('hex');
  }
}

function sameHash(stored: string, candidate: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(candidate, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
