import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PasswordResetConfirmDto } from './dto/password-reset.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { parseLoginName } from './login-name.js';
import { PasswordResetCodes } from './password-reset-codes.js';
import { PasswordResetLimiter } from './password-reset-limiter.js';
import { passwordProblems } from './password-rules.js';
import { PasswordService } from './password.service.js';
import { StaffDirectory } from './staff-directory.js';

/**
 * Staff who forgot their password: a code sent to them, then the code with a new password. Every
 * answer is the same, after the same work, whether or not the login names an account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(StaffDirectory) private readonly directory: StaffDirectory,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(PasswordResetCodes) private readonly codes: PasswordResetCodes,
    @Inject(PasswordResetLimiter) private readonly limiter: PasswordResetLimiter,
  ) {}

  /**
   * The new password if the code is right. The rules that need no account (length, kinds, not the
   * login itself) are checked first, so a weak password costs no try; the ones that do (not the
   * user's other e-mail or phone) only once the code is known right, so they tell a stranger nothing.
   * The new password is hashed even for an unknown login, one hash at a time per address.
   */
  async confirm(input: PasswordResetConfirmDto, ip: string | undefined): Promise<void> {
    const login = parseLoginName(input.login);
    const problems = passwordProblems(input.newPassword, [input.login, login?.value]);
    if (problems.length > 0) throw IdentityErrors.weakPassword('newPassword', problems, 422);
    await this.limiter.confirm(ip);
    const user = login ? await this.directory.contactForLogin(login) : undefined;
    const newHash = await this.limiter.paced(ip, () => this.passwords.hash(input.newPassword));
    const changed = await this.codes.redeem(user?.id ?? randomUUID(), input.code, input.newPassword, newHash);
    if (!changed) throw IdentityErrors.resetCodeInvalid();
  }
}
