import { Inject, Injectable } from '@nestjs/common';
import { OnDurableEvent, type DeliveredEvent } from '../../common/events/index.js';
import { NotificationsService } from '../notifications/index.js';
import { StoresService } from '../stores/index.js';
import { ORDER_CONFIRMED_NOTICE, ORDER_SHIPPED_NOTICE } from './order-notifications.js';
import './orders.events.js';

/**
 * The customer hears of confirmation and of shipment (issue 15): from the durable events, a moment
 * after the transition commits (as appointments confirm bookings), on their preferred channel and
 * within their consent (notifications decides). At least once per event: the dedupe keys make a
 * second delivery send nothing.
 */
@Injectable()
export class OrderNotices {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  @OnDurableEvent('order.confirmed', { name: 'orders.customer-confirmed-notice' })
  async onConfirmed(event: DeliveredEvent<'order.confirmed'>): Promise<void> {
    await this.tell(event, ORDER_CONFIRMED_NOTICE.key);
  }

  @OnDurableEvent('order.shipped', { name: 'orders.customer-shipped-notice' })
  async onShipped(event: DeliveredEvent<'order.shipped'>): Promise<void> {
    await this.tell(event, ORDER_SHIPPED_NOTICE.key);
  }

  private async tell(event: DeliveredEvent<'order.confirmed' | 'order.shipped'>, key: string): Promise<void> {
    const { orderId, number, storeId, customerId } = event.payload;
    const [store] = await this.stores.describeStores([storeId]);
    await this.notifications.toCustomer(customerId, key, { number, storeName: store?.name ?? '' }, { storeId, dedupeKey: `${key}:${orderId}` });
  }
}
