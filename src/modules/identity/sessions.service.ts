import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Revocations } from '../../common/auth/revocations.js';
import { Db, Transactional } from '../../common/database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { IdentityErrors } from './identity.errors.js';
import { hashSecret, randomSecret } from './token.service.js';

/** A sign-in session: a refresh-token family and its newest token (shown to the client once). */
export interface IssuedSession {
  familyId: string;
  userId: string;
  refreshToken: string;
  /** When the family ends: rotation never extends a session past REFRESH_TOKEN_TTL from sign-in. */
  expiresAt: Date;
}

export type RotateOutcome = { ok: true; session: IssuedSession } | { ok: false; reason: 'invalid' | 'expired' | 'reused' };

interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** `UPDATE … RETURNING` through TypeORM answers `[rows, count]`. */

/**
 * Refresh tokens: stored only as SHA-256 hashes; each refresh uses the presented token and issues the
 * next one of its family; a used token presented again past REFRESH_REUSE_GRACE revokes the family.
 * Rows lock in one order (the user's row first, then tokens), the same order disabling and password
 * changes use.
 *
 * Ending a session also ends its access tokens, and ending all of a user's sessions ends every access
 * token issued to them so far: both are recorded as revocations in the same transaction (a rollback
 * revokes nothing), with the instant after the commit (see Revocations).
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Revocations) private readonly revocations: Revocations,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Opens a session for a user whose password was just verified against `verifiedHash`. The
   * conditional update refuses, in the same step, a user disabled or a password changed since
   * (so a sign-in racing a reset cannot outlive it), and stores a fresher hash when given one.
   */
  @Transactional()
  async open(userId: string, verifiedHash: string, rehash?: string): Promise<IssuedSession> {
    const rows = await this.db.rows<{ id: string }>(
      `UPDATE staff_user SET last_login_at = now(), password_hash = COALESCE($3, password_hash)
        WHERE id = $1 AND status = 'active' AND password_hash = $2 RETURNING id`,
      [userId, verifiedHash, rehash ?? null],
    );
    if (rows.length === 0) {
      const [user] = await this.db.rows<{ status: string }>('SELECT status FROM staff_user WHERE id = $1', [userId]);
      throw user?.status === 'disabled' ? IdentityErrors.accountDisabled() : IdentityErrors.invalidCredentials();
    }
    return this.issue(userId, randomUUID(), new Date(Date.now() + this.config.REFRESH_TOKEN_TTL), randomSecret(32));
  }

  /**
   * Exchanges a refresh token for the next one of its family. Of requests racing with the same token,
   * the conditional update lets exactly one win. A used token presented again within
   * REFRESH_REUSE_GRACE of its use answers the same next token (the winner's): a client that
   * refreshed in parallel, or lost the answer, is not logged out. Later, it is what a replay looks
   * like, so the family is revoked. Returns the outcome instead of throwing, so the revocation commits.
   */
  @Transactional()
  async rotate(refreshToken: string): Promise<RotateOutcome> {
    const tokenHash = hashSecret(refreshToken);
    const [token] = await this.db.rows<TokenRow>('SELECT id, family_id, user_id, expires_at, used_at, revoked_at FROM refresh_token WHERE token_hash = $1', [tokenHash]);
    if (!token) return { ok: false, reason: 'invalid' };
    const [user] = await this.db.rows<{ status: string }>('SELECT status FROM staff_user WHERE id = $1 FOR SHARE', [token.user_id]);
    if (user?.status !== 'active') return { ok: false, reason: 'invalid' };

    const next = this.successorOf(refreshToken);
    const used = await this.db.rows<{ id: string }>(
      `UPDATE refresh_token SET used_at = now()
        WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [token.id],
    );
    if (used.length === 1) return { ok: true, session: await this.issue(token.user_id, token.family_id, token.expires_at, next) };

    // Lost: read the row again (this statement sees what the winner committed).
    const [current] = await this.db.rows<TokenRow & { in_grace: boolean; next_issued: boolean }>(
      `SELECT used_at, revoked_at, expires_at,
              used_at > clock_timestamp() - $2 * interval '1 millisecond' AND expires_at > clock_timestamp() AS in_grace,
              EXISTS (SELECT 1 FROM refresh_token WHERE token_hash = $3 AND family_id = $4) AS next_issued
         FROM refresh_token WHERE id = $1`,
      [token.id, this.config.REFRESH_REUSE_GRACE, hashSecret(next), token.family_id],
    );
    if (current.revoked_at) return { ok: false, reason: 'invalid' };
    if (current.used_at) {
      if (current.in_grace && current.next_issued) {
        return { ok: true, session: { familyId: token.family_id, userId: token.user_id, refreshToken: next, expiresAt: token.expires_at } };
      }
      await this.revokeFamily(token.family_id);
      return { ok: false, reason: 'reused' };
    }
    return { ok: false, reason: 'expired' };
  }

  /**
   * Logout: revokes the family of the token and its access tokens. Unknown tokens change nothing; a
   * token of an ended session ends its access tokens again, which is harmless.
   */
  @Transactional()
  async close(refreshToken: string): Promise<void> {
    const [family] = await this.db.rows<{ family_id: string }>('SELECT family_id FROM refresh_token WHERE token_hash = $1', [hashSecret(refreshToken)]);
    if (family) await this.revokeFamily(family.family_id);
  }

  /**
   * Revokes every session of a user (but `keepFamilyId`, the caller's own refresh tokens), and every
   * access token issued to the user so far, that session's included. Joins the caller's transaction.
   */
  async revokeAllOf(userId: string, keepFamilyId?: string): Promise<number> {
    const count = await this.db.execute(
      `UPDATE refresh_token SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)`,
      [userId, keepFamilyId ?? null],
    );
    await this.revokeAccessOf(userId);
    return count;
  }

  /**
   * Once the caller's transaction commits, every access token issued to the user so far stops
   * working (their access changed: they refresh, or sign in, for a token that says what is true now).
   * Joins the caller's transaction.
   */
  revokeAccessOf(userId: string): Promise<void> {
    return this.revocations.revokeUser(userId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db.execute('UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
    await this.revocations.revokeSession(familyId);
  }

  /**
   * The token that follows `refreshToken` in its family: derived, not drawn, so a replay within the
   * grace answers the very token the winner got, while only its hash is stored. Unguessable without
   * the server's secret (domain-separated from the JWT signatures that use it too).
   */
  private successorOf(refreshToken: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`bloom refresh successor\n${refreshToken}`).digest('base64url');
  }

  private async issue(userId: string, familyId: string, expiresAt: Date, refreshToken: string): Promise<IssuedSession> {
    await this.db.execute('INSERT INTO refresh_token (family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
      familyId,
      userId,
      hashSecret(refreshToken),
      expiresAt,
    ]);
    return { familyId, userId, refreshToken, expiresAt };
  }
}
