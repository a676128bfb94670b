/**
 * In-memory domain events are AT MOST ONCE. A subscriber's reaction is lost when the process dies
 * between the commit and the subscriber's run (after-commit hooks live in memory), and when the
 * subscriber throws (the error is logged, never retried). Use them only where a lost reaction is
 * harmless: caches, metrics. A reaction that must happen subscribes to a durable event
 * (`DurableEvents.publish`, `@OnDurableEvent`: at least once, applied once), or goes in the business
 * transaction itself, the outbox (messages out) or a deadline.
 *
 * Uses today: none in src/ (customer.merged and customer.anonymized moved to durable events, because
 * other modules must move references and erase copied personal data). The bus stays for the harmless
 * reactions to come; each new use says here why losing it is harmless.
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Db } from '../database/db.service.js';
import { DomainEvent, eventNameOf, type EventType } from './domain-event.js';
import { subscriptionsOf } from './on-domain-event.decorator.js';

interface Subscriber {
  /** `ClassName.method`, for logs. */
  name: string;
  handle: (event: DomainEvent) => unknown;
}

/**
 * In-process domain events (DESIGN §2). `publish()` inside a transaction delivers after it commits and
 * never if it rolls back; outside one it delivers at once. Subscribers (`@OnDomainEvent`) run one after
 * another; one that throws is logged with the event and neither fails the publisher nor the others.
 */
@Injectable()
export class EventBus implements OnModuleInit {
  private readonly logger = new Logger('EventBus');
  private readonly subscribers = new Map<EventType, Subscriber[]>();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const declared = wrapper.metatype ? subscriptionsOf(wrapper.metatype) : [];
      if (declared.length > 0 && !wrapper.isDependencyTreeStatic()) {
        throw new Error(`${wrapper.name as string} subscribes to domain events but is request-scoped; subscribers must be singletons`);
      }
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      for (const { method, types } of subscriptionsOf(instance.constructor)) {
        const fn = instance[method];
        if (typeof fn !== 'function') throw new Error(`@OnDomainEvent on ${instance.constructor.name}.${method}, which is not a method`);
        for (const type of types) this.subscribe(type, `${instance.constructor.name}.${method}`, (event) => fn.call(instance, event));
      }
    }
  }

  /** Adds a subscriber by hand (the decorator is the usual way). */
  subscribe<E extends DomainEvent>(type: EventType<E>, name: string, handle: (event: E) => unknown): void {
    const list = this.subscribers.get(type) ?? [];
    list.push({ name, handle: handle as (event: DomainEvent) => unknown });
    this.subscribers.set(type, list);
  }

  /** Resolves once the event is delivered (outside a transaction) or queued for after commit. */
  async publish(event: DomainEvent): Promise<void> {
    if (this.db.inTransaction) this.db.afterCommit(() => this.deliver(event));
    else await this.deliver(event);
  }

  private async deliver(event: DomainEvent): Promise<void> {
    const list = this.subscribers.get(event.constructor as EventType);
    if (!list) return;
    for (const subscriber of list) {
      try {
        await subscriber.handle(event);
      } catch (error) {
        this.logger.error(
          { err: error, event: eventNameOf(event.constructor as EventType), payload: event.payload, subscriber: subscriber.name },
          `subscriber ${subscriber.name} failed on ${event.name}`,
        );
      }
    }
  }
}
