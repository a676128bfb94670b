import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Transactional } from '../../common/database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { NotificationsService } from '../notifications/index.js';
import type { PasswordResetConfirmDto, PasswordResetRequestDto, PasswordResetRequestedDto } from './dto/password-reset.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { parseLoginName } from './login-name.js';
import { PasswordResetCodes } from './password-reset-codes.js';
import { PasswordResetLimiter } from './password-reset-limiter.js';
import { PASSWORD_RESET_CODE } from './password-reset.notifications.js';
import { passwordProblems } from './password-rules.js';
import { PasswordService } from './password.service.js';
import { StaffDirectory } from './staff-directory.js';

interface ResetSubject {
  id: string;
  name: string;
  email: string | null;
}

/**
 * Staff who forgot their password: a code sent to them, then the code with a new password. Every
 * answer is the same, after the same statements, whether or not the login names an account (an
 * existing one adds only the notification's and the audit's inserts, hidden by a floor on the time).
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(StaffDirectory) private readonly directory: StaffDirectory,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(PasswordResetCodes) private readonly codes: PasswordResetCodes,
    @Inject(PasswordResetLimiter) private readonly limiter: PasswordResetLimiter,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Sends a new code to the active user the login names (replacing theirs): by e-mail when they have
   * one, else by SMS, urgent, so quiet hours do not hold it back. Unknown logins and disabled users
   * get the same answer, after the same statements and no sooner (PASSWORD_RESET_ANSWER_TIME), and
   * nothing is sent.
   */
  async request(input: PasswordResetRequestDto, ip: string | undefined): Promise<PasswordResetRequestedDto> {
    const arrived = performance.now();
    const login = parseLoginName(input.login);
    const user = login ? await this.directory.contactForLogin(login) : undefined;
    // Per user, so an account's e-mail and phone share one count; unknown names count per name.
    const account = user ? `user:${user.id}` : login ? `${login.kind}:${login.value}` : `raw:${input.login.trim().toLowerCase()}`;
    await this.limiter.request(account, ip);
    await this.issueAndSend(user?.id ?? randomUUID(), user);
    // A known login does a few more inserts (the notification, its outbox row, the audit): a floor on
    // the answer's time keeps that from telling which logins exist.
    const left = this.config.PASSWORD_RESET_ANSWER_TIME - (performance.now() - arrived);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
    const minutes = this.codeMinutes();
    return {
      message: `If an active account signs in with this login, a 6-digit code is on its way to its e-mail (or, without one, its phone). It works once, for ${minutes} minutes.`,
      codeValidForMinutes: minutes,
    };
  }

  /**
   * The new password if the code is right. The rules that need no account (length, kinds, not the
   * login itself) are checked first, so a weak password costs no try; the ones that do (not the
   * user's other e-mail or phone) only once the code is known right, so they tell a stranger nothing.
   * The new password is hashed even for an unknown login, one hash at a time per address.
   */
  async confirm(input: PasswordResetConfirmDto, ip: string | undefined): Promise<void> {
    const login = parseLoginName(input.login);
    const problems = passwordProblems(input.newPassword, [input.login, login?.value]);
    if (problems.length > 0) throw IdentityErrors.weakPassword('newPassword', problems);
    await this.limiter.confirm(ip);
    const user = login ? await this.directory.contactForLogin(login) : undefined;
    const newHash = await this.limiter.paced(ip, () => this.passwords.hash(input.newPassword));
    const changed = await this.codes.redeem(user?.id ?? randomUUID(), input.code, input.newPassword, newHash);
    if (!changed) throw IdentityErrors.resetCodeInvalid();
  }

  /** The code is stored, queued for sending and audited in one transaction: a rollback sends nothing. */
  @Transactional()
  private async issueAndSend(userId: string, user: ResetSubject | undefined): Promise<void> {
    const code = await this.codes.issue(userId);
    if (code === undefined || !user) return;
    const channel = user.email ? 'email' : 'sms';
    await this.notifications.toStaff(
      { userIds: [user.id] },
      PASSWORD_RESET_CODE.key,
      { code, minutes: this.codeMinutes(), name: user.name },
      { channels: [channel], urgent: true },
    );
    await this.audit.record({ action: 'user.password_reset_request', entityType: 'user', entityId: user.id, after: { channel } });
  }

  private codeMinutes(): number {
    return Math.floor(this.config.PASSWORD_RESET_CODE_TTL / 60_000);
  }
}
