import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { withTimeout } from '../../../common/background/index.js';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { InboxBroadcast, type BroadcastListener, type PublishedMessage } from './inbox-broadcast.js';
import { InboxErrors } from './inbox.errors.js';
import { OpenStream } from './open-stream.js';
import type { StaffMessage } from './staff-message.entity.js';
import { StaffMessages, type MessagePosition } from './staff-messages.service.js';
import { StreamTickets, type StreamHolder } from './stream-tickets.js';

/** How often open streams are checked against the revocations (and for a heartbeat due). */
const CHECK_INTERVAL_MS = 1_000;
/** Missed messages are read in pages of this many. */
const CATCH_UP_PAGE = 100;
/** A client that lets this much pile up unread is dropped (it reconnects and catches up). */
const MAX_BACKLOG_BYTES = 1 << 20;
/** A user's set of open streams in Redis outlives a process that died holding some, at most this long. */
const STREAM_SET_TTL_MS = 24 * 3_600_000;
const REDIS_WAIT_MS = 2_000;

/**
 * The open Server-Sent Events streams of this process, by user. New messages arrive through
 * InboxBroadcast (ids), are read once from PostgreSQL for all the local streams of their recipients,
 * and written in order. A stream opened with Last-Event-ID first sends what was missed, then what
 * arrived meanwhile; after a broken subscription every stream catches up from its last message.
 * Streams end when their sign-in is revoked (checked every second against the in-memory revocation
 * list), when the user opens more than INBOX_STREAMS_PER_USER (counted in Redis across processes:
 * the oldest ends), and at shutdown, so the HTTP server can close at once.
 */
@Injectable()
export class InboxStreams implements OnApplicationBootstrap, OnModuleDestroy, BroadcastListener {
  private readonly logger = new Logger('InboxStreams');
  private readonly streams = new Map<string, OpenStream>();
  private readonly byUser = new Map<string, Set<OpenStream>>();
  private ticker?: NodeJS.Timeout;
  private closing = false;
  /** Deliveries run one after another, so two messages published in turn are written in turn. */
  private deliveries: Promise<void> = Promise.resolve();

  constructor(
    @Inject(StaffMessages) private readonly messages: StaffMessages,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
    @Inject(InboxBroadcast) private readonly broadcast: InboxBroadcast,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {
    broadcast.listen(this);
  }

  /** How many streams this process holds open (for tests and metrics). */
  get openCount(): number {
    return this.streams.size;
  }

  onApplicationBootstrap(): void {
    this.ticker = setInterval(() => this.tick(), Math.min(CHECK_INTERVAL_MS, this.config.INBOX_STREAM_HEARTBEAT));
    this.ticker.unref();
  }

  onModuleDestroy(): void {
    this.closing = true;
    clearInterval(this.ticker);
    for (const stream of [...this.streams.values()]) stream.end('shutdown');
  }

  /**
   * Answers the request with a stream for `holder`. Before the stream starts, failures are problems
   * (thrown); once it has, they end the stream (the client reconnects and catches up).
   */
  async open(holder: StreamHolder, lastEventId: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.closing) throw InboxErrors.unavailable();
    // An id that is not the user's (or was purged) resumes nothing: the client reloads its inbox anyway.
    const resumeFrom = lastEventId ? await this.messages.positionOf(holder.userId, lastEventId) : undefined;
    if (this.closing) throw InboxErrors.unavailable();
    reply.hijack();
    const raw: ServerResponse = reply.raw;
    raw.writeHead(200, {
      ...headersOf(reply),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx buffers proxied responses unless told not to: events would arrive in bursts.
      'x-accel-buffering': 'no',
    });
    const stream = new OpenStream(holder, raw);
    this.register(stream);
    raw.on('close', () => this.forget(stream));
    stream.comment('connected');
    if (request.method === 'HEAD') {
      stream.end();
      return;
    }
    void this.enforceLimit(stream);
    try {
      if (resumeFrom) {
        stream.position = resumeFrom;
        await this.catchUp(stream);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'could not send the missed messages; ending the stream');
      stream.end();
      return;
    }
    stream.goLive();
  }

  published(items: PublishedMessage[]): void {
    const ids = items.filter((item) => this.byUser.has(item.userId)).map((item) => item.id);
    if (ids.length === 0) return;
    this.deliveries = this.deliveries.then(() => this.deliver(ids));
  }

  closeStreams(streamIds: string[]): void {
    for (const id of streamIds) this.streams.get(id)?.end('replaced');
  }

  resubscribed(): void {
    for (const stream of this.streams.values()) {
      if (stream.live) {
        this.catchUp(stream).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not catch a stream up after the subscription came back; ending it');
          stream.end();
        });
      }
    }
  }

  private async deliver(ids: string[]): Promise<void> {
    let rows: StaffMessage[];
    try {
      rows = await this.messages.byIds(ids);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read new messages for the open streams; they get them when they reconnect');
      return;
    }
    const byUser = new Map<string, StaffMessage[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
    for (const [userId, userRows] of byUser) {
      for (const stream of this.byUser.get(userId) ?? []) stream.push(userRows);
    }
  }

  /** Sends the stream's messages after its position, page by page, oldest first. */
  private async catchUp(stream: OpenStream): Promise<void> {
    for (;;) {
      const from: MessagePosition = stream.position;
      const rows = await this.messages.after(stream.holder.userId, from, CATCH_UP_PAGE);
      if (stream.closed) return;
      stream.send(rows);
      if (rows.length < CATCH_UP_PAGE) return;
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const stream of [...this.streams.values()]) {
      if (this.tickets.isRevoked(stream.holder)) stream.end('revoked');
      else if (stream.backlog > MAX_BACKLOG_BYTES) stream.end('slow');
      else if (now - stream.lastWriteAt >= this.config.INBOX_STREAM_HEARTBEAT) stream.comment('heartbeat');
    }
  }

  /** Adds the stream to the user's set in Redis; the oldest past INBOX_STREAMS_PER_USER end, wherever they are. */
  private async enforceLimit(stream: OpenStream): Promise<void> {
    const limit = this.config.INBOX_STREAMS_PER_USER;
    const key = this.streamSetKey(stream.holder.userId);
    try {
      const results = await withTimeout(
        this.redis
          .multi()
          .zadd(key, stream.openedAt, stream.id)
          .zrange(key, 0, -(limit + 1))
          .zremrangebyrank(key, 0, -(limit + 1))
          .pexpire(key, STREAM_SET_TTL_MS)
          .exec(),
        REDIS_WAIT_MS,
        'count the open streams',
      );
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the transaction was discarded');
      const excess = results[1][1] as string[];
      const elsewhere = excess.filter((id) => !this.streams.has(id));
      this.closeStreams(excess);
      await this.broadcast.publishCloseStreams(elsewhere);
    } catch (error) {
      // Without Redis the limit holds per process.
      this.logger.warn({ err: error }, 'could not count the open streams across processes; limiting them in this process');
      const mine = [...(this.byUser.get(stream.holder.userId) ?? [])].sort((a, b) => a.openedAt - b.openedAt);
      for (const old of mine.slice(0, Math.max(0, mine.length - limit))) old.end('replaced');
    }
  }

  private register(stream: OpenStream): void {
    this.streams.set(stream.id, stream);
    const mine = this.byUser.get(stream.holder.userId) ?? new Set<OpenStream>();
    mine.add(stream);
    this.byUser.set(stream.holder.userId, mine);
  }

  private forget(stream: OpenStream): void {
    stream.closed = true;
    if (!this.streams.delete(stream.id)) return;
    const mine = this.byUser.get(stream.holder.userId);
    mine?.delete(stream);
    if (mine?.size === 0) this.byUser.delete(stream.holder.userId);
    this.redis.zrem(this.streamSetKey(stream.holder.userId), stream.id).catch((error: unknown) => this.logger.debug({ err: error }, 'could not forget a closed stream in Redis'));
  }

  private streamSetKey(userId: string): string {
    return `${this.config.REDIS_PREFIX}:inbox:streams:${userId}`;
  }
}

/** The headers hooks set on the reply before it was hijacked (x-request-id), which writeHead would otherwise drop. */
function headersOf(reply: FastifyReply): Record<string, string | number | string[]> {
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  return headers;
}
