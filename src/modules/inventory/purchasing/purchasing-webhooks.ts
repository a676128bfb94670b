/**
 * The webhook event types of purchasing (declared at import time, beside the durable events they
 * follow: purchasing.events.ts): `purchase_order.received` sends the order as
 * `GET /v1/purchase-orders/{id}` answers it, loaded when the event is delivered. An order holds no
 * personal data, so nothing is masked.
 */
import { Db } from '../../../common/database/index.js';
import type { DeliveredEvent } from '../../../common/events/event-map.js';
import type { JsonObject } from '../../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import { PurchaseOrderResponseDto } from './dto/purchase-order.dto.js';
import { PURCHASE_ORDER_COLUMNS, toPurchaseOrderResponse, type PurchaseOrderRow } from './purchase-order-rows.js';
import './purchasing.events.js';

async function purchaseOrderWebhookData(event: DeliveredEvent<'purchase_order.received'>): Promise<WebhookData | undefined> {
  const [row] = await Db.instance().rows<PurchaseOrderRow>(`SELECT ${PURCHASE_ORDER_COLUMNS} FROM purchase_order p WHERE p.id = $1`, [event.payload.purchaseOrderId]);
  if (!row) return undefined;
  return { data: JSON.parse(JSON.stringify(toPurchaseOrderResponse(row))) as JsonObject, storeIds: [row.storeId] };
}

defineWebhookEvent({
  type: 'purchase_order.received',
  description: 'A purchase order has fully arrived: every line received (its last receipt brought the stock in).',
  event: 'purchase_order.received',
  schema: PurchaseOrderResponseDto,
  load: purchaseOrderWebhookData,
});
