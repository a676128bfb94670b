import { Inject, Injectable, Logger, SetMetadata, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { JsonObject } from './json.js';

/** What a transport receives: one attempt at delivering one outbox message. */
export interface OutboxDelivery {
  /** Stable across attempts: pass it to the provider as its idempotency key where it has one. */
  id: string;
  channel: string;
  topic: string;
  payload: JsonObject;
  /** 1 for the first attempt. */
  attempt: number;
  createdAt: Date;
}

/**
 * Sends messages of one channel to the outside world. Resolving means delivered; throwing means
 * retry later (with backoff) until the message is dead. Delivery is at least once: a crash after the
 * provider accepted a message but before it is marked sent sends it again, with the same `id`.
 */
export interface MessageTransport {
  send(message: OutboxDelivery): Promise<void>;
}

const TRANSPORT_CHANNEL = 'bloom:outbox-transport';

/** Registers a provider as the transport of a channel: `@OutboxTransport('sms') class SmsTransport implements MessageTransport`. */
export const OutboxTransport = (channel: string): ClassDecorator => SetMetadata(TRANSPORT_CHANNEL, channel);

/** The transports of this process, by channel: found at boot, or added with `register()`. */
@Injectable()
export class OutboxTransports implements OnModuleInit {
  private readonly logger = new Logger('Outbox');
  private readonly byChannel = new Map<string, MessageTransport>();
  private readonly warned = new Set<string>();

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const channel = wrapper.metatype ? (Reflect.getMetadata(TRANSPORT_CHANNEL, wrapper.metatype) as string | undefined) : undefined;
      if (channel === undefined) continue;
      const instance = wrapper.instance as MessageTransport | undefined;
      if (!instance || typeof instance.send !== 'function') throw new Error(`@OutboxTransport('${channel}') on ${String(wrapper.name)}, which has no send() method`);
      if (this.byChannel.get(channel) === instance) continue;
      this.register(channel, instance);
    }
  }

  register(channel: string, transport: MessageTransport): void {
    if (this.byChannel.has(channel)) throw new Error(`Outbox channel '${channel}' has two transports`);
    this.byChannel.set(channel, transport);
  }

  get(channel: string): MessageTransport | undefined {
    return this.byChannel.get(channel);
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  /** Says once per channel that its messages wait for a transport (the module that sends them comes later). */
  warnMissing(channel: string): void {
    if (this.warned.has(channel)) return;
    this.warned.add(channel);
    this.logger.warn(`Outbox channel '${channel}' has no transport: its messages stay pending until one is registered`);
  }
}
