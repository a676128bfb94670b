import { Module } from '@nestjs/common';

/** Webhooks: signed messages from durable events, attempts, retries, replay. */
@Module({})
export class WebhookDeliveryModule {}
