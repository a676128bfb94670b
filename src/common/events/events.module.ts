import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventDeliveriesController } from './admin/event-deliveries.controller.js';
import { EventDeliveriesService } from './admin/event-deliveries.service.js';
import { DurableEvents } from './durable-events.js';
import { DurableSubscribers } from './durable-subscribers.js';
import { EventDeliverer } from './event-deliverer.js';
import { EVENT_DELIVERY_QUEUE, EventDeliveryQueue } from './event-delivery-queue.js';
import { EventBus } from './event-bus.js';
import { EventRetention } from './event-retention.js';
import { OutboxDeliverer } from './outbox-delivery.js';
import { OUTBOX_QUEUE, OutboxQueue } from './outbox-queue.js';
import { OutboxRetention } from './outbox-retention.js';
import { OutboxTransports } from './outbox-transport.js';
import { OutboxService } from './outbox.service.js';

/**
 * Domain events: durable (written with the business change, delivered by the `event-deliveries`
 * queue to each subscriber at least once, applied once) and in-memory (after commit, at most once);
 * and the outbox (messages to the outside world, delivered by the `outbox` queue). Global: every
 * module may publish, subscribe, enqueue, or provide a transport.
 */
@Global()
@Module({
  imports: [DiscoveryModule, BullModule.registerQueue({ name: OUTBOX_QUEUE }), BullModule.registerQueue({ name: EVENT_DELIVERY_QUEUE })],
  controllers: [EventDeliveriesController],
  providers: [
    EventBus,
    DurableSubscribers,
    DurableEvents,
    EventDeliverer,
    EventDeliveryQueue,
    EventRetention,
    EventDeliveriesService,
    OutboxTransports,
    OutboxQueue,
    OutboxService,
    OutboxDeliverer,
    OutboxRetention,
  ],
  exports: [EventBus, DurableEvents, DurableSubscribers, OutboxService, OutboxTransports],
})
export class EventsModule {}
