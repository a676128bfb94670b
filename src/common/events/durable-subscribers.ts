import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { DeliveredEvent, DurableEventName } from './event-map.js';
import { durableSubscriptionsOf } from './on-durable-event.decorator.js';

export interface DurableSubscriber {
  name: string;
  event: DurableEventName;
  handle: (event: DeliveredEvent) => unknown;
}

/** The `@OnDurableEvent` subscribers of this build, found at boot. Boot fails on a name used twice or a request-scoped subscriber. */
@Injectable()
export class DurableSubscribers implements OnModuleInit {
  private readonly logger = new Logger('DurableEvents');
  private readonly byName = new Map<string, DurableSubscriber>();
  private readonly byEvent = new Map<string, DurableSubscriber[]>();
  private readonly warned = new Set<string>();

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const declared = wrapper.metatype ? durableSubscriptionsOf(wrapper.metatype) : [];
      if (declared.length > 0 && !wrapper.isDependencyTreeStatic()) {
        throw new Error(`${wrapper.name as string} subscribes to durable events but is request-scoped; subscribers must be singletons`);
      }
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      for (const { method, event, subscriber } of durableSubscriptionsOf(instance.constructor)) {
        const fn = instance[method];
        if (typeof fn !== 'function') throw new Error(`@OnDurableEvent on ${instance.constructor.name}.${method}, which is not a method`);
        this.register({ name: subscriber, event, handle: (delivered) => fn.call(instance, delivered) as unknown });
      }
    }
  }

  /**
   * Adds a subscriber that is not a decorated method (webhooks subscribes once per webhook event type
   * declared). Call it while the app boots (onModuleInit), before anything is published.
   */
  register(subscriber: DurableSubscriber): void {
    if (this.byName.has(subscriber.name)) throw new Error(`Two durable event subscribers are named ${subscriber.name}: each needs its own name`);
    this.byName.set(subscriber.name, subscriber);
    this.byEvent.set(subscriber.event, [...(this.byEvent.get(subscriber.event) ?? []), subscriber]);
  }

  of(event: DurableEventName): string[] {
    return (this.byEvent.get(event) ?? []).map((subscriber) => subscriber.name);
  }

  get(name: string): DurableSubscriber | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Deliveries of a subscriber this build does not have wait (another build's worker may have it); said once per process. */
  warnMissing(name: string): void {
    if (this.warned.has(name)) return;
    this.warned.add(name);
    this.logger.warn({ subscriber: name }, `durable event deliveries wait for subscriber ${name}, which this process does not have`);
  }
}
