import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Clock } from '../../common/clock/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { IdentityErrors } from './identity.errors.js';
import { passwordProblems } from './password-rules.js';
import { SessionsService } from './sessions.service.js';

/** Confirmations one code takes, right or wrong: the fifth wrong one burns it. */
export const MAX_RESET_CODE_TRIES = 5;

/**
 * The codes of password resets: six digits drawn with crypto's randomInt, one live code per user (a
 * new one replaces it), stored as an HMAC under the server's secret, working once, until
 * PASSWORD_RESET_CODE_TTL, for MAX_RESET_CODE_TRIES tries. The database settles races: a try is
 * counted by a conditional UPDATE that also locks the code, so of two confirmations with the same
 * code one waits, and finds it used.
 */
@Injectable()
export class PasswordResetCodes {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * A new code for the user, replacing theirs: answers it, or undefined when `userId` names no active
   * user. The same statement runs either way (an unknown login costs what a known one does). Joins the
   * caller's transaction.
   */
  async issue(userId: string): Promise<string | undefined> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock.nowMs();
    const rows = await this.db.rows<{ user_id: string }>(
      `INSERT INTO password_reset_code (user_id, code_hash, expires_at, attempts, used_at, requested_at)
       SELECT id, $2, $3, 0, NULL, $4 FROM staff_user WHERE id = $1 AND status = 'active'
       ON CONFLICT (user_id) DO UPDATE
         SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, attempts = 0, used_at = NULL, requested_at = EXCLUDED.requested_at
       RETURNING user_id`,
      [userId, this.hashOf(userId, code), new Date(now + this.config.PASSWORD_RESET_CODE_TTL), new Date(now)],
    );
    return rows.length === 1 ? code : undefined;
  }

  /**
   * Sets the password `newHash` (of `newPassword`) if `code` is the user's live code: the code is
   * used up, every session and access token of the user ends, and it is audited. Answers false for
   * a wrong, expired, used or burnt code, or an unknown user, after counting the try (the count
   * commits). A right code with a password the user may not have (their own e-mail or phone)
   * answers 422 and counts nothing: the code still works.
   */
  @Transactional()
  async redeem(userId: string, code: string, newPassword: string, newHash: string): Promise<boolean> {
    const now = this.clock.now();
    const [live] = await this.db.rows<{ code_hash: string }>(
      `UPDATE password_reset_code SET attempts = attempts + 1
        WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3
        RETURNING code_hash`,
      [userId, now, MAX_RESET_CODE_TRIES],
    );
    if (!live || !sameHash(live.code_hash, this.hashOf(userId, code))) return false;

    const [user] = await this.db.rows<{ email: string | null; phone: string | null; store_id: string | null }>(
      `SELECT email, phone, (SELECT store_id FROM staff_user_store WHERE user_id = u.id ORDER BY store_id LIMIT 1) AS store_id
         FROM staff_user u WHERE id = $1 AND status = 'active'`,
      [userId],
    );
    if (!user) return false;
    const problems = passwordProblems(newPassword, [user.email, user.phone]);
    if (problems.length > 0) throw IdentityErrors.weakPassword('newPassword', problems);

    await this.db.execute('UPDATE password_reset_code SET used_at = $2 WHERE user_id = $1', [userId, now]);
    // The user's row first, then the tokens: the lock order sign-in, refresh and password changes use.
    await this.db.execute('UPDATE staff_user SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, newHash]);
    const sessionsEnded = await this.sessions.revokeAllOf(userId);
    await this.audit.record({ action: 'user.password_reset_by_code', entityType: 'user', entityId: userId, storeId: user.store_id, after: { sessionsEnded } });
    return true;
  }

  /** Keyed by the server's secret and bound to the user: a copy of the table alone gives no code away. */
  private hashOf(userId: string, code: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`bloom password reset code\n${userId}\n${code}`).digest('hex');
  }
}

function sameHash(stored: string, candidate: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(candidate, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
