import { Inject, Injectable } from '@nestjs/common';
import { formatInstant } from '../../../common/clock/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Tells the owners (in-app and e-mail) that a webhook endpoint was disabled for failing too long, by
 * the event's name: notifications imports no module, webhooks included (DESIGN §2).
 */
@Injectable()
export class WebhookEndpointDisabledListener {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {}

  @OnDurableEvent('webhook_endpoint.disabled', { name: 'notifications.webhook-endpoint-disabled' })
  async tellOwners(event: DeliveredEvent<'webhook_endpoint.disabled'>): Promise<void> {
    const { endpointId, url, lastFailure, failingSince } = event.payload;
    await this.notifications.toStaff(
      { roles: ['owner'] },
      'webhook.endpoint_disabled',
      { url, reason: lastFailure, failingSince: formatInstant(Date.parse(failingSince), this.config.BUSINESS_TIME_ZONE).slice(0, 16).replace('T', ' ') },
      { dedupeKey: `webhook_endpoint.disabled:${endpointId}:${event.id}` },
    );
  }
}
