import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { settlesWithin } from '../../../common/background/index.js';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';

/** How long boot waits for the subscription before serving without it (streams catch up when it comes). */
const BOOT_WAIT_MS = 3_000;

export interface PublishedMessage {
  id: string;
  userId: string;
}

/** What travels on the channel: new messages (ids and recipients only), or streams to close (over the per-user limit). */
type ChannelMessage = { messages: Array<[id: string, userId: string]> } | { closeStreams: string[] };

export interface BroadcastListener {
  published(items: PublishedMessage[]): void;
  closeStreams(streamIds: string[]): void;
  /** The subscription came back after a break: messages published meanwhile were missed. */
  resubscribed(): void;
}

/**
 * The inbox's Redis pub/sub channel, shared by every process of a deployment (same REDIS_PREFIX).
 * Each API process holds one subscriber connection (a connection in subscriber mode can do nothing
 * else), closed at shutdown; workers only publish. Pub/sub is at most once: it makes messages appear
 * at once, PostgreSQL remains the record.
 */
@Injectable()
export class InboxBroadcast implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('InboxBroadcast');
  private readonly channel: string;
  private subscriber?: Redis;
  private listener?: BroadcastListener;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {
    this.channel = `${config.REDIS_PREFIX}:inbox:channel`;
  }

  listen(listener: BroadcastListener): void {
    this.listener = listener;
  }

  /** Tells every process about committed messages. Never throws: a failure is logged (the inbox still lists them). */
  async publishMessages(items: readonly PublishedMessage[]): Promise<void> {
    if (items.length > 0) await this.publish({ messages: items.map((item) => [item.id, item.userId]) });
  }

  async publishCloseStreams(streamIds: readonly string[]): Promise<void> {
    if (streamIds.length > 0) await this.publish({ closeStreams: [...streamIds] });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.BLOOM_ROLE === 'worker') return; // no HTTP, no streams to feed
    const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.logger.debug({ err: error }, 'inbox subscriber connection error'));
    subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    let connectedOnce = false;
    subscriber.on('ready', () => {
      // ioredis subscribes again by itself after a reconnect; what was published meanwhile is lost.
      if (connectedOnce) this.listener?.resubscribed();
      connectedOnce = true;
    });
    const subscribed = subscriber.subscribe(this.channel);
    if (!(await settlesWithin(subscribed, BOOT_WAIT_MS))) this.logger.warn('not subscribed to the inbox channel yet (Redis is slow or down); streams catch up once it is');
    subscribed.catch((error: unknown) => this.logger.warn({ err: error }, 'could not subscribe to the inbox channel'));
  }

  onModuleDestroy(): void {
    // Not quit(): with Redis gone it would wait for a reconnect that may never come.
    this.subscriber?.disconnect();
  }

  private async publish(message: ChannelMessage): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(message));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish on the inbox channel; open streams miss it until they reconnect');
    }
  }

  private receive(raw: string): void {
    let message: ChannelMessage;
    try {
      message = JSON.parse(raw) as ChannelMessage;
    } catch (error) {
      this.logger.warn({ err: error }, 'ignored a malformed inbox channel message');
      return;
    }
    if ('messages' in message && Array.isArray(message.messages)) {
      this.listener?.published(message.messages.map(([id, userId]) => ({ id: String(id), userId: String(userId) })));
    } else if ('closeStreams' in message && Array.isArray(message.closeStreams)) {
      this.listener?.closeStreams(message.closeStreams.map(String));
    }
  }
}
