import { Module } from '@nestjs/common';

/** Webhooks: owners' endpoints, their secrets, the event catalog. */
@Module({})
export class WebhookEndpointsModule {}
