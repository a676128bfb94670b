/**
 * The webhook events of orders (declared at import time): each sends the order as `GET /v1/orders/{id}`
 * answers it, to its store's endpoints. The customer appears by id only (no personal data).
 */
import { Db } from '../../common/database/index.js';
import type { DeliveredEvent } from '../../common/events/event-map.js';
import type { JsonObject } from '../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../webhooks/index.js';
import { OrderResponseDto } from './dto/order.dto.js';
import { loadOrder } from './order-rows.js';
import { type OrderEvent } from './orders.events.js';

async function orderWebhookData(event: DeliveredEvent<OrderEvent>): Promise<WebhookData | undefined> {
  const order = await loadOrder(Db.instance(), event.payload.orderId).catch(() => undefined);
  if (!order) return undefined;
  return { data: JSON.parse(JSON.stringify(order)) as JsonObject, storeIds: [order.storeId] };
}

const DESCRIPTIONS: Record<OrderEvent, string> = {
  'order.created': 'An order was taken (any channel): its lines, totals, customer id, routing; pending confirmation.',
  'order.confirmed': 'An order was confirmed: its goods are reserved in the store’s stock.',
  'order.shipped': 'An order’s goods left the store.',
  'order.delivered': 'An order’s goods reached the customer.',
  'order.completed': 'An order is done (delivered or served, and closed).',
  'order.cancelled': 'An order was cancelled before shipping or service; `cancelReason` says why. Reserved stock was released.',
  'order.paid': 'An order became fully paid (`paymentStatus` `paid`): its succeeded payments cover its total.',
  'order.refunded': 'Money was given back on one of an order’s payments: `refunded` and `paymentStatus` say how much in all.',
  'order.refund_failed':
    'WeChat Pay or Alipay could not pay out a refund it had accepted: the amount counts as paid on the order again (`paid`, `refunded`, `paymentStatus`), and the customer is still owed it. The store’s managers were told.',
  'order.confirmation_overdue':
    'An order was not confirmed by its due time (`confirmDueAt`): sent once, when it became overdue (`confirmationOverdueAt`). The store’s managers and the responsible staff member were told.',
  'order.shipping_overdue':
    'An order’s goods were not shipped by their due time (`shipDueAt`): sent once, when it became overdue (`shippingOverdueAt`). The store’s managers and the responsible staff member were told.',
};

for (const type of Object.keys(DESCRIPTIONS) as OrderEvent[]) {
  defineWebhookEvent({ type, description: DESCRIPTIONS[type], event: type, schema: OrderResponseDto, load: orderWebhookData });
}
