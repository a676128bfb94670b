import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { WebhookEndpointsModule } from '../endpoints/webhook-endpoints.module.js';
import { WebhookDeliverer } from './webhook-deliverer.js';
import { WebhookMessagesController } from './webhook-messages.controller.js';
import { WebhookMessagesService } from './webhook-messages.service.js';
import { WEBHOOK_QUEUE, WebhookQueue } from './webhook-queue.js';
import { WebhookRetention } from './webhook-retention.js';
import { WebhookSubscriber } from './webhook-subscriber.js';

/** Webhooks: signed messages from durable events, attempts, retries, replay. */
@Module({
  imports: [BullModule.registerQueue({ name: WEBHOOK_QUEUE }), WebhookEndpointsModule],
  controllers: [WebhookMessagesController],
  providers: [WebhookDeliverer, WebhookQueue, WebhookSubscriber, WebhookMessagesService, WebhookRetention],
})
export class WebhookDeliveryModule {}
