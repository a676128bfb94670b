import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { AppConfigValues } from '../../../../config/index.js';
import { postWeChat } from './wechat-api.js';

/** Deletes the lock only if this process still holds it (it may have expired and been taken by another). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** How often a process waiting for another's fetch looks for the new token. */
const POLL_MS = 50;

/**
 * The mini-program's access token, shared by every Bloom process through Redis. WeChat limits how
 * often a token may be fetched (and a new one from /cgi-bin/token would end the others' early), so:
 * one cached token until shortly before it expires, one fetch at a time across processes (a lock in
 * Redis; the others wait for its result), and a refresh only when WeChat refuses the token in use.
 * Tokens come from /cgi-bin/stable_token, a POST whose body holds the secret, so it never sits in a URL.
 */
export class WeChatAccessTokens {
  private readonly tokenKey: string;
  private readonly lockKey: string;
  /** This process's fetch in flight, shared by its concurrent sends. */
  private pending?: Promise<string>;

  constructor(
    private readonly redis: Redis,
    private readonly config: AppConfigValues,
  ) {
    const prefix = `${config.REDIS_PREFIX}:wechat:${config.WECHAT_APP_ID}`;
    this.tokenKey = `${prefix}:access-token`;
    this.lockKey = `${prefix}:access-token-lock`;
  }

  /** The cached token, or a new one. */
  get(): Promise<string> {
    return this.shared(undefined);
  }

  /** A token other than `rejected`, which WeChat refused as expired or invalid. */
  refresh(rejected: string): Promise<string> {
    return this.shared(rejected);
  }

  private shared(rejected: string | undefined): Promise<string> {
    if (!this.pending) this.pending = this.obtain(rejected).finally(() => (this.pending = undefined));
    return this.pending.then((token) => (token === rejected ? this.obtain(rejected) : token));
  }

  private async obtain(rejected: string | undefined): Promise<string> {
    const lockTtl = this.config.NOTIFICATION_PROVIDER_TIMEOUT * 2 + 1000;
    const giveUpAt = Date.now() + lockTtl * 2;
    for (;;) {
      const cached = await this.redis.get(this.tokenKey);
      if (cached && cached !== rejected) return cached;
      const holder = randomBytes(12).toString('hex');
      if ((await this.redis.set(this.lockKey, holder, 'PX', lockTtl, 'NX')) === 'OK') {
        try {
          // Another process may have stored a token between our read and our lock.
          const stored = await this.redis.get(this.tokenKey);
          if (stored && stored !== rejected) return stored;
          const { token, expiresIn } = await this.fetch(rejected);
          // Expire it early by a margin (5 minutes, less for short-lived tokens), so no send uses it as WeChat ends it.
          const ttlSeconds = Math.max(1, expiresIn - Math.min(300, Math.floor(expiresIn / 10)));
          await this.redis.set(this.tokenKey, token, 'EX', ttlSeconds);
          return token;
        } finally {
          await this.redis.eval(RELEASE, 1, this.lockKey, holder);
        }
      }
      if (Date.now() > giveUpAt) throw new Error('Timed out waiting for another process to fetch the WeChat access token');
      await sleep(POLL_MS);
    }
  }

  /**
   * stable_token in its normal mode answers the current token while it is valid; when WeChat refused
   * that very token (invalidated elsewhere), force_refresh asks for a new one (WeChat allows few of those a day).
   */
  private async fetch(rejected: string | undefined): Promise<{ token: string; expiresIn: number }> {
    let fetched = await this.request(false);
    if (rejected !== undefined && fetched.token === rejected) fetched = await this.request(true);
    return fetched;
  }

  private async request(forceRefresh: boolean): Promise<{ token: string; expiresIn: number }> {
    const { answer } = await postWeChat(
      new URL('/cgi-bin/stable_token', this.config.WECHAT_API_BASE).href,
      { grant_type: 'client_credential', appid: this.config.WECHAT_APP_ID, secret: this.config.WECHAT_APP_SECRET, force_refresh: forceRefresh },
      this.config.NOTIFICATION_PROVIDER_TIMEOUT,
    );
    const token = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (answer.errcode || typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      // 40013 bad AppID, 40125 bad AppSecret, 40164 server IP not allow-listed: an operator must act; retried meanwhile.
      throw new Error(`WeChat refused the access token request (errcode ${answer.errcode ?? 'none'}: ${answer.errmsg ?? 'no access_token'})`);
    }
    return { token, expiresIn };
  }
}
