import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { IdentityErrors } from './identity.errors.js';
import { Pacer } from './pacer.js';

/**
 * KEYS: the account from this address and the account everywhere (both refuse when over their
 * limit), then the address over all accounts (counted, never refuses by itself); ARGV[1] the window,
 * ARGV[2..4] the limits in KEYS order. When neither account counter is over its limit, counts the
 * attempt on all three in one atomic step: parallel attempts cannot slip past a limit between a read
 * and a write. Each counter lives for one fixed window from its first attempt. Returns
 * {account wait, address wait} in ms, 0 for a counter under its limit; nothing is counted when the
 * account waits.
 */
const CONSUME = `
local window = tonumber(ARGV[1])
local function waitOf(i)
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count < tonumber(ARGV[i + 1]) then return 0 end
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], window)
    ttl = window
  end
  return ttl
end
local accountWait = math.max(waitOf(1), waitOf(2))
if accountWait > 0 then return {accountWait, 0} end
local addressWait = waitOf(3)
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, window)
  end
end
return {0, addressWait}`;

/** Gives one attempt back on each counter that still exists (never below zero, never a new key). */
const REFUND = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0`;

/** One counted sign-in attempt (see LoginRateLimiter.consume). */
export interface LoginAttempt {
  /** The error a failed check answers: 429 while the address is over its limit. */
  failed(): Error;
  /** Runs the password check; from an address over its limit, one at a time (others wait, or get 429 when many wait). */
  check<T>(verify: () => Promise<T>): Promise<T>;
  /** After a successful check: gives the attempt back on each counter. */
  succeeded(): Promise<void>;
}

/** Checks that may wait per address over its limit, in one process; more answer 429 at once. */
const MAX_QUEUED_PER_ADDRESS = 10;

/**
 * Login rate limit, in Redis so it holds across API instances. An account is the user a login name
 * resolves to (e-mail and phone share one count), or the normalised login name when it names nobody.
 * Three counters per LOGIN_RATE_WINDOW:
 * - one account from one client IP (LOGIN_RATE_LIMIT): the brake on guessing. Strangers failing on
 *   an account from elsewhere do not touch the owner's counter, so they cannot lock the owner out;
 * - one account from everywhere (LOGIN_ACCOUNT_RATE_LIMIT, about ten times higher): the ceiling on
 *   guessing spread over many addresses. Reaching it does lock the account for the window: that is
 *   the price of stopping a botnet, and it needs that many failures;
 * - one client IP over all accounts (LOGIN_IP_RATE_LIMIT): against one address trying many
 *   accounts. Over it, failures answer 429 instead of 401 and the address's password checks run one
 *   at a time, but a right password for an account that is not itself locked still signs in: a
 *   salon's staff share one address (NAT), and a flood of failures from it must not lock the owner out.
 *
 * Every attempt is counted before the password is checked (so a burst of parallel guesses cannot
 * outrun the counters); a successful sign-in then gives its own attempt back on each. It never
 * clears them: neither an attacker who holds one valid account, nor the victim signing in, wipes
 * the failures spent. In effect the counters count failures. Account keys are hashed, so Redis holds
 * no e-mails or phones.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger('LoginRateLimiter');
  private readonly pacer = new Pacer(MAX_QUEUED_PER_ADDRESS);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Counts one attempt, or throws 429 (`auth.too_many_attempts`, with Retry-After) when the account is
   * over a limit. `failed` is the error a failed check answers while the address is under its limit.
   */
  async consume(account: string, ip: string | undefined, failed: () => Error): Promise<LoginAttempt> {
    const keys = this.keys(account, ip);
    const limits = [this.config.LOGIN_RATE_LIMIT, this.config.LOGIN_ACCOUNT_RATE_LIMIT, this.config.LOGIN_IP_RATE_LIMIT];
    let waits: [number, number];
    try {
      waits = (await this.redis.eval(CONSUME, keys.length, ...keys, this.config.LOGIN_RATE_WINDOW, ...limits)) as [number, number];
    } catch (error) {
      // Without the counter, sign-in would be open to guessing: refuse rather than run unlimited.
      this.logger.error({ err: error }, 'login rate limit unavailable');
      throw IdentityErrors.rateLimitUnavailable();
    }
    const [accountWaitMs, addressWaitMs] = waits.map(Number);
    if (accountWaitMs > 0) throw IdentityErrors.tooManyAttempts(retryAfter(accountWaitMs));
    if (addressWaitMs === 0) return { failed, check: (verify) => verify(), succeeded: () => this.refund(keys) };
    const refused = () => IdentityErrors.tooManyAttempts(retryAfter(addressWaitMs));
    return {
      failed: refused,
      // Slowed down: one password check at a time for the address, so a flood from it costs one
      // hash at a time (and the owner's right password is still checked, after the flood's).
      check: (verify) => this.pacer.run(ip ?? 'unknown', verify) ?? Promise.reject(refused()),
      succeeded: () => this.refund(keys),
    };
  }

  /** After a successful sign-in: give back the attempt `consume` counted. */
  private async refund(keys: string[]): Promise<void> {
    await this.redis.eval(REFUND, keys.length, ...keys).catch((error: unknown) => this.logger.warn({ err: error }, 'could not refund a login attempt'));
  }

  /** In the order of the limits: account from this IP, account, IP. */
  private keys(account: string, ip: string | undefined): string[] {
    const base = `${this.config.REDIS_PREFIX}:ratelimit:login`;
    const address = ip ?? 'unknown';
    return [`${base}:account-ip:${digest(`${account}\n${address}`)}`, `${base}:account:${digest(account)}`, `${base}:ip:${address}`];
  }
}

export function retryAfter(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
