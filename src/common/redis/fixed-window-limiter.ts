import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { REDIS } from './redis.token.js';

/**
 * Counts one hit in a fixed window that starts with the first; returns 0 when allowed, else the
 * milliseconds until the window ends. Atomic, so parallel requests cannot slip past the limit.
 */
const TAKE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count <= tonumber(ARGV[1]) then return 0 end
return redis.call('PTTL', KEYS[1])`;

/** How often a Redis failure is logged per limit (every request would otherwise log it). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/** A limit: its name (in Redis keys and logs), how many hits, per how many milliseconds. */
export interface WindowLimit {
  name: string;
  limit: number;
  windowMs: number;
}

/**
 * The one rate limiter of the API (customer look-ups, reminder links, customers' apps): fixed windows
 * in Redis, so every API process shares the counts. When Redis cannot be reached a hit is let through
 * and logged: each caller keeps what really protects it (access rules, signed tokens) regardless, and
 * the salon must keep working.
 */
@Injectable()
export class FixedWindowLimiter {
  private readonly logger = new Logger('RateLimit');
  private readonly lastLogged = new Map<string, number>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts one hit of `who` against `limit`: 0 when allowed, else the whole seconds to wait (at least 1). */
  async take(limit: WindowLimit, who: string): Promise<number> {
    const key = `${this.config.REDIS_PREFIX}:ratelimit:${limit.name}:${who}`;
    let waitMs: number;
    try {
      waitMs = Number(await this.redis.eval(TAKE, 1, key, limit.limit, limit.windowMs));
    } catch (error) {
      const now = Date.now();
      if (now - (this.lastLogged.get(limit.name) ?? 0) > ERROR_LOG_INTERVAL_MS) {
        this.lastLogged.set(limit.name, now);
        this.logger.warn({ err: error, limit: limit.name }, 'rate limit unavailable (Redis); not limiting');
      }
      return 0;
    }
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }
}
