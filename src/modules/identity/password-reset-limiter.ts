import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { IdentityErrors } from './identity.errors.js';
import { digest, retryAfter } from './login-rate-limiter.js';
import { Pacer } from './pacer.js';
import { consumeAll } from './rate-counters.js';

const HOUR_MS = 3_600_000;

/** Password hashes that may wait per address in this process; more answer 429 at once. */
const MAX_QUEUED_PER_ADDRESS = 10;

/**
 * The limits on password resets by code, in Redis like the sign-in limiter's, so they hold across
 * API instances: PASSWORD_RESET_PER_HOUR code requests per account (the user a login names, e-mail
 * and phone together; an unknown login counts per name, so a 429 tells nothing about existence), and
 * PASSWORD_RESET_IP_PER_HOUR requests and confirmations together per client address. The wrong tries
 * of a code are limited by the code itself (PasswordResetCodes). A confirmation's password hash
 * (argon2, the costly part) runs one at a time per address, as the sign-in limiter's checks do past
 * its address limit. Keys are hashed, so Redis holds no e-mails or phones.
 */
@Injectable()
export class PasswordResetLimiter {
  private readonly logger = new Logger('PasswordResetLimiter');
  private readonly pacer = new Pacer(MAX_QUEUED_PER_ADDRESS);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts a code request for `account` from `ip`, or throws 429 (with Retry-After) past either limit. */
  request(account: string, ip: string | undefined): Promise<void> {
    return this.consume([
      [`${this.base}:account:${digest(account)}`, this.config.PASSWORD_RESET_PER_HOUR],
      [this.addressKey(ip), this.config.PASSWORD_RESET_IP_PER_HOUR],
    ]);
  }

  /** Counts a confirmation from `ip`, or throws 429 past the address limit. */
  confirm(ip: string | undefined): Promise<void> {
    return this.consume([[this.addressKey(ip), this.config.PASSWORD_RESET_IP_PER_HOUR]]);
  }

  /** Runs `work` after the address's earlier paced work; 429 when too many already wait. */
  paced<T>(ip: string | undefined, work: () => Promise<T>): Promise<T> {
    return this.pacer.run(ip ?? 'unknown', work) ?? Promise.reject(IdentityErrors.tooManyResetRequests(1));
  }

  private async consume(counters: Array<[key: string, limit: number]>): Promise<void> {
    let waitMs: number;
    try {
      waitMs = await consumeAll(this.redis, counters, HOUR_MS);
    } catch (error) {
      // Without the counters, codes could be requested and guessed without limit: refuse instead.
      this.logger.error({ err: error }, 'password reset rate limit unavailable');
      throw IdentityErrors.rateLimitUnavailable('Password reset');
    }
    if (waitMs > 0) throw IdentityErrors.tooManyResetRequests(retryAfter(waitMs));
  }

  private get base(): string {
    return `${this.config.REDIS_PREFIX}:ratelimit:password-reset`;
  }

  private addressKey(ip: string | undefined): string {
    return `${this.base}:ip:${ip ?? 'unknown'}`;
  }
}
