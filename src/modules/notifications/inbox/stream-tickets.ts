import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Revocations } from '../../../common/auth/index.js';
import { withTimeout } from '../../../common/background/index.js';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { InboxErrors } from './inbox.errors.js';

/** How long a ticket's Redis call may take before the caller is told to try again. */
const REDIS_WAIT_MS = 2_000;

/** Who a stream is for: the user, and the sign-in (session, access token's issue instant) it was opened with. */
export interface StreamHolder {
  userId: string;
  sessionId?: string;
  issuedAtMs: number;
}

/**
 * Stream tickets: a browser's EventSource cannot send an Authorization header, and an access token in
 * a URL would be a long-lived credential in browser history and proxy logs. So a signed-in member of
 * staff trades their access token for a ticket: 32 random bytes, valid INBOX_STREAM_TICKET_TTL, good
 * for opening one stream on any API process (kept in Redis under its SHA-256, taken with GETDEL so a
 * second use fails). The stream carries the sign-in the ticket came from and ends when it is revoked.
 * Bloom's request log never holds query strings, so the ticket is not logged either.
 */
@Injectable()
export class StreamTickets {
  private readonly logger = new Logger('StreamTickets');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(Revocations) private readonly revocations: Revocations,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async issue(holder: StreamHolder): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(32).toString('base64url');
    const ttl = this.config.INBOX_STREAM_TICKET_TTL;
    await this.call(this.redis.set(this.key(ticket), JSON.stringify(holder), 'PX', ttl), 'store a stream ticket');
    return { ticket, expiresAt: new Date(Date.now() + ttl) };
  }

  /** The holder of a ticket, once: unknown, used, expired or revoked tickets answer 401. */
  async redeem(ticket: string): Promise<StreamHolder> {
    const raw = await this.call(this.redis.getdel(this.key(ticket)), 'take a stream ticket');
    if (!raw) throw InboxErrors.ticketInvalid();
    const holder = JSON.parse(raw) as StreamHolder;
    if (this.isRevoked(holder)) throw InboxErrors.ticketInvalid();
    return holder;
  }

  isRevoked(holder: StreamHolder): boolean {
    return this.revocations.isRevoked(holder.userId, holder.sessionId, holder.issuedAtMs);
  }

  private key(ticket: string): string {
    return `${this.config.REDIS_PREFIX}:inbox:ticket:${createHash('sha256').update(ticket).digest('hex')}`;
  }

  private async call<T>(work: Promise<T>, what: string): Promise<T> {
    try {
      return await withTimeout(work, REDIS_WAIT_MS, what);
    } catch (error) {
      this.logger.warn({ err: error }, `could not ${what}`);
      throw InboxErrors.unavailable();
    }
  }
}
