import { Module } from '@nestjs/common';
import { WebhookEndpointsController } from './webhook-endpoints.controller.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookEventTypesController } from './webhook-event-types.controller.js';

/** Webhooks: owners' endpoints, their secrets, the event catalog. */
@Module({
  controllers: [WebhookEventTypesController, WebhookEndpointsController],
  providers: [WebhookEndpointsService],
  exports: [WebhookEndpointsService],
})
export class WebhookEndpointsModule {}
