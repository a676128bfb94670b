import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import type { ChangePasswordDto, LoginDto } from './dto/auth.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { parseLoginName } from './login-name.js';
import { passwordProblems } from './password-rules.js';
import { PasswordService } from './password.service.js';
import { SessionsService, type IssuedSession } from './sessions.service.js';
import { StaffDirectory, tokenSubjectOf, type UserView } from './staff-directory.js';
import { TokenService } from './token.service.js';

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: UserView;
}

/** Sign-in, refresh, logout and a user's own password. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(StaffDirectory) private readonly directory: StaffDirectory,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(LoginRateLimiter) private readonly limiter: LoginRateLimiter,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Unknown logins and wrong passwords get the same answer after the same work (a dummy hash is
   * verified for unknown users). The password is checked outside any transaction: argon2 takes tens
   * of milliseconds, which a pooled connection should not wait for.
   */
  async login(input: LoginDto, ip: string | undefined): Promise<SignedIn> {
    const login = parseLoginName(input.login);
    const user = login ? await this.directory.findForLogin(login) : undefined;
    // Per user, so an account's e-mail and phone share one count; unknown names count per name.
    const account = user ? `user:${user.id}` : login ? `${login.kind}:${login.value}` : `raw:${input.login.trim().toLowerCase()}`;
    const attempt = await this.limiter.consume(account, ip, IdentityErrors.invalidCredentials);

    const check = await attempt.check(() => this.passwords.verify(user?.passwordHash, input.password));
    if (!user || !check.ok) throw attempt.failed();
    if (user.status !== 'active') throw IdentityErrors.accountDisabled();

    const rehash = check.needsRehash ? await this.passwords.hash(input.password) : undefined;
    const session = await this.sessions.open(user.id, user.passwordHash, rehash);
    await attempt.succeeded();
    return this.signedIn(session, IdentityErrors.accountDisabled);
  }

  /** New tokens for a refresh token (rotation); a reused token revokes its whole session. */
  async refresh(refreshToken: string): Promise<SignedIn> {
    const outcome = await this.sessions.rotate(refreshToken);
    // Thrown after rotate() committed, so a reuse's revocation sticks.
    if (!outcome.ok) {
      throw outcome.reason === 'reused' ? IdentityErrors.refreshReused() : outcome.reason === 'expired' ? IdentityErrors.refreshExpired() : IdentityErrors.refreshInvalid();
    }
    return this.signedIn(outcome.session, IdentityErrors.refreshInvalid);
  }

  logout(refreshToken: string): Promise<void> {
    return this.sessions.close(refreshToken);
  }

  async me(actor: Actor): Promise<UserView> {
    const user = actor.kind === 'user' ? await this.directory.get(actor.id) : undefined;
    if (!user || user.status !== 'active') throw IdentityErrors.userGone();
    return user;
  }

  /**
   * Changes the caller's own password. Guessing the current one with a stolen access token is held
   * back by the same rate limit as sign-in. The caller's other sessions end; every access token issued
   * so far stops working, the caller's too (it may be the stolen one), while the caller's refresh token
   * goes on, so the caller refreshes for a new access token.
   */
  async changePassword(actor: Actor, input: ChangePasswordDto, ip: string | undefined): Promise<void> {
    const user = await this.me(actor);
    const account = `user:${user.id}`;
    const attempt = await this.limiter.consume(account, ip, IdentityErrors.currentPasswordWrong);
    const currentHash = await this.directory.passwordHashOf(user.id);
    const check = await attempt.check(() => this.passwords.verify(currentHash, input.currentPassword));
    if (!currentHash || !check.ok) throw attempt.failed();
    await attempt.succeeded();

    const problems = passwordProblems(input.newPassword, [user.email, user.phone]);
    if (problems.length > 0) throw IdentityErrors.weakPassword('newPassword', problems);
    const newHash = await this.passwords.hash(input.newPassword);
    await this.storeOwnPassword(user, currentHash, newHash, actor.kind === 'user' ? actor.sessionId : undefined);
  }

  @Transactional()
  private async storeOwnPassword(user: UserView, currentHash: string, newHash: string, keepSessionId: string | undefined): Promise<void> {
    // Conditional on the hash just verified: a reset that landed in between wins.
    const count = await this.db.execute('UPDATE staff_user SET password_hash = $3, updated_at = now() WHERE id = $1 AND password_hash = $2', [user.id, currentHash, newHash]);
    if (count === 0) throw IdentityErrors.currentPasswordWrong();
    const revoked = await this.sessions.revokeAllOf(user.id, keepSessionId);
    await this.audit.record({ action: 'user.password_change', entityType: 'user', entityId: user.id, storeId: user.storeIds[0] ?? null, after: { sessionsEnded: revoked } });
  }

  /**
   * Tokens for a session just opened or rotated. The issue instant is taken before the user is read:
   * if a change (role, stores, disabling) commits between the read and the signing, the token counts
   * as issued before it and the change's revocation voids it.
   */
  private async signedIn(session: IssuedSession, gone: () => Error): Promise<SignedIn> {
    const issuedAtMs = Date.now();
    const user = await this.directory.get(session.userId);
    if (!user || user.status !== 'active') throw gone();
    return {
      accessToken: await this.tokens.issueAccessToken(tokenSubjectOf(user), session.familyId, issuedAtMs),
      tokenType: 'Bearer',
      expiresIn: Math.round(this.config.JWT_ACCESS_TTL / 1000),
      refreshToken: session.refreshToken,
      refreshExpiresAt: session.expiresAt,
      user,
    };
  }
}
