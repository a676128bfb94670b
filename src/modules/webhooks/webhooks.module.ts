import { Module } from '@nestjs/common';
import { WebhookDeliveryModule } from './delivery/webhook-delivery.module.js';
import { WebhookEndpointsModule } from './endpoints/webhook-endpoints.module.js';

/** Signed events to partners (Standard Webhooks), from durable events. Imports no business module (DESIGN §2). */
@Module({
  imports: [WebhookEndpointsModule, WebhookDeliveryModule],
})
export class WebhooksModule {}
