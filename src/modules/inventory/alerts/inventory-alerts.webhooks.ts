/** The webhooks `inventory.low_stock` and `inventory.expiring`: the alert as `GET /v1/inventory/alerts` shows it, loaded when delivered. */
import { Db } from '../../../common/database/index.js';
import type { DeliveredEvent } from '../../../common/events/event-map.js';
import type { JsonObject } from '../../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import { ALERT_COLUMNS_SQL, alertFromSql, toAlertResponse, type AlertRow } from './alert-views.js';
import { StockAlertResponseDto } from './dto/alerts.dto.js';
import './inventory-alerts.events.js';

/** The alert `event.payload.alertId` names, as the alerts list shows it, and its store for the endpoint's filter. */
async function alertData(event: DeliveredEvent<'inventory.low_stock'> | DeliveredEvent<'inventory.expiring'>): Promise<WebhookData | undefined> {
  const [row] = await Db.instance().rows<AlertRow>(`SELECT ${ALERT_COLUMNS_SQL} FROM ${alertFromSql()} WHERE a.id = $1`, [event.payload.alertId]);
  if (!row) return undefined;
  return { data: JSON.parse(JSON.stringify(toAlertResponse(row))) as JsonObject, storeIds: [row.storeId] };
}

defineWebhookEvent({
  type: 'inventory.low_stock',
  description: "A store's available stock of a product fell to its alert level (on hand less what is held for orders): `reorderPieces` says what to order.",
  event: 'inventory.low_stock',
  schema: StockAlertResponseDto,
  load: alertData,
});

defineWebhookEvent({
  type: 'inventory.expiring',
  description:
    "The daily expiry sweep found a batch with stock left that expires within the store's warning days (`expiryWarningDays`), or has expired: once per batch; `batch` names it, its lot and expiry date.",
  event: 'inventory.expiring',
  schema: StockAlertResponseDto,
  load: alertData,
});
