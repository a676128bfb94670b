import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor } from '../../../common/http/request-context.js';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CustomerSearchErrors } from './customer-search.errors.js';

/**
 * Counts one look-up in a fixed window that starts with the first; returns 0 when allowed, else the
 * milliseconds until the window ends. Atomic, so parallel requests cannot slip past the limit.
 */
const TAKE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count <= tonumber(ARGV[1]) then return 0 end
return redis.call('PTTL', KEYS[1])`;

/** How often a Redis failure is logged (every look-up would otherwise log it). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The brake on bulk look-ups of the customer book (DESIGN §4): CUSTOMER_LOOKUP_RATE_LIMIT searches,
 * exports and segment member pages per CUSTOMER_LOOKUP_RATE_WINDOW for each user or API key, in
 * Redis so every API process shares the count. A front desk searching all day stays far below it;
 * a script walking through the 10,000 possible last 4 digits does not.
 *
 * When Redis cannot be reached the look-up is let through (and logged): what a caller may filter by
 * is enforced regardless (customer-search.ts `hiddenCriteria`), and the front desk must keep working.
 */
@Injectable()
export class CustomerLookupLimiter {
  private readonly logger = new Logger('CustomerLookupLimiter');
  private lastLogged = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts one look-up by `actor`, or throws 429 (`customer.lookups_rate_limited`, with Retry-After). */
  async take(actor: Actor): Promise<void> {
    const key = `${this.config.REDIS_PREFIX}:ratelimit:customer-lookup:${actor.kind}:${actor.id}`;
    let waitMs: number;
    try {
      waitMs = Number(await this.redis.eval(TAKE, 1, key, this.config.CUSTOMER_LOOKUP_RATE_LIMIT, this.config.CUSTOMER_LOOKUP_RATE_WINDOW));
    } catch (error) {
      if (Date.now() - this.lastLogged > ERROR_LOG_INTERVAL_MS) {
        this.lastLogged = Date.now();
        this.logger.warn({ err: error }, 'customer look-up rate limit unavailable; not limiting');
      }
      return;
    }
    if (waitMs > 0) throw CustomerSearchErrors.rateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
