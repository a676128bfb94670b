import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { IdentityErrors } from '../identity.errors.js';
import { digest, retryAfter } from '../login-rate-limiter.js';
import { consumeAll } from '../rate-counters.js';

const HOUR_MS = 3_600_000;

/**
 * The limits on customer sign-in by SMS code, in Redis like the password-reset limiter's (the same
 * counters): CUSTOMER_SIGN_IN_PER_HOUR codes per phone, and CUSTOMER_SIGN_IN_IP_PER_HOUR code
 * requests and sign-ins together per client address. Wrong tries of one code are limited by the code
 * itself (CustomerSignInCodes). Phones are hashed, so Redis holds none.
 */
@Injectable()
export class CustomerSignInLimiter {
  private readonly logger = new Logger('CustomerSignInLimiter');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts a code sent to `phone` from `ip`, or throws 429 (with Retry-After) past either limit. */
  request(phone: string, ip: string | undefined): Promise<void> {
    return this.consume([
      [`${this.base}:phone:${digest(phone)}`, this.config.CUSTOMER_SIGN_IN_PER_HOUR],
      [this.addressKey(ip), this.config.CUSTOMER_SIGN_IN_IP_PER_HOUR],
    ]);
  }

  /** Counts a sign-in from `ip`, or throws 429 past the address limit. */
  signIn(ip: string | undefined): Promise<void> {
    return this.consume([[this.addressKey(ip), this.config.CUSTOMER_SIGN_IN_IP_PER_HOUR]]);
  }

  private async consume(counters: Array<[key: string, limit: number]>): Promise<void> {
    let waitMs: number;
    try {
      waitMs = await consumeAll(this.redis, counters, HOUR_MS);
    } catch (error) {
      // Without the counters, codes could be sent and guessed without limit: refuse instead.
      this.logger.error({ err: error }, 'customer sign-in rate limit unavailable');
      throw IdentityErrors.rateLimitUnavailable('Customer sign-in');
    }
    if (waitMs > 0) throw IdentityErrors.tooManySignInCodes(retryAfter(waitMs));
  }

  private get base(): string {
    return `${this.config.REDIS_PREFIX}:ratelimit:customer-sign-in`;
  }

  private addressKey(ip: string | undefined): string {
    return `${this.base}:ip:${ip ?? 'unknown'}`;
  }
}
