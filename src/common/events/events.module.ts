import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventBus } from './event-bus.js';
import { OutboxDeliverer } from './outbox-delivery.js';
import { OUTBOX_QUEUE, OutboxQueue } from './outbox-queue.js';
import { OutboxRetention } from './outbox-retention.js';
import { OutboxTransports } from './outbox-transport.js';
import { OutboxService } from './outbox.service.js';

/**
 * Domain events (in process, after commit) and the outbox (messages to the outside world, written
 * with the business change, delivered by the `outbox` queue). Global: every module may publish,
 * subscribe, enqueue, or provide a transport.
 */
@Global()
@Module({
  imports: [DiscoveryModule, BullModule.registerQueue({ name: OUTBOX_QUEUE })],
  providers: [EventBus, OutboxTransports, OutboxQueue, OutboxService, OutboxDeliverer, OutboxRetention],
  exports: [EventBus, OutboxService, OutboxTransports],
})
export class EventsModule {}
