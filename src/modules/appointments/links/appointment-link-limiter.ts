import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { AppointmentErrors } from '../appointments.errors.js';

/**
 * Counts one request in a fixed window that starts with the first; returns 0 when allowed, else the
 * milliseconds until the window ends. Atomic, so parallel requests cannot slip past the limit.
 */
const TAKE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count <= tonumber(ARGV[1]) then return 0 end
return redis.call('PTTL', KEYS[1])`;

/** How often a Redis failure is logged (every request would otherwise log it). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The brake on reminder links, which anyone may call without signing in: APPOINTMENT_LINK_RATE_LIMIT
 * requests per APPOINTMENT_LINK_RATE_WINDOW from one client address, in Redis so every API process
 * shares the count (the fixed window of the customer look-up limiter; identity's sign-in limiter
 * counts accounts too, which links have none of). A customer taps a link once or twice.
 *
 * When Redis cannot be reached the request is let through (and logged): the signed token, not the
 * limit, is what keeps strangers out, and customers must still be able to cancel.
 */
@Injectable()
export class AppointmentLinkLimiter {
  private readonly logger = new Logger('AppointmentLinkLimiter');
  private lastLogged = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts one request from `ip`, or throws 429 (`appointment_link.rate_limited`, with Retry-After). */
  async take(ip: string | undefined): Promise<void> {
    const key = `${this.config.REDIS_PREFIX}:ratelimit:appointment-link:${ip ?? 'unknown'}`;
    let waitMs: number;
    try {
      waitMs = Number(await this.redis.eval(TAKE, 1, key, this.config.APPOINTMENT_LINK_RATE_LIMIT, this.config.APPOINTMENT_LINK_RATE_WINDOW));
    } catch (error) {
      if (Date.now() - this.lastLogged > ERROR_LOG_INTERVAL_MS) {
        this.lastLogged = Date.now();
        this.logger.warn({ err: error }, 'appointment link rate limit unavailable; not limiting');
      }
      return;
    }
    if (waitMs > 0) throw AppointmentErrors.linksRateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
