/** The webhook `inventory.low_stock`: the alert as `GET /v1/inventory/alerts` shows it, loaded when delivered. */
import { Db } from '../../../common/database/index.js';
import type { DeliveredEvent } from '../../../common/events/event-map.js';
import type { JsonObject } from '../../../common/events/index.js';
import { productSummarySql } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import { toAlertResponse } from './alert-views.js';
import { StockAlertResponseDto } from './dto/alerts.dto.js';
import './inventory-alerts.events.js';

async function lowStockData(event: DeliveredEvent<'inventory.low_stock'>): Promise<WebhookData | undefined> {
  const [row] = await Db.instance().rows<Parameters<typeof toAlertResponse>[0]>(
    `SELECT a.id, a.store_id AS "storeId", a.product_id AS "productId", p.sku, p.name, p.unit, a.status,
            a.available_units::text AS "availableUnits", (l.on_hand - l.reserved)::text AS "availableNow", a.alert_level_units::text AS "alertLevelUnits",
            r.reorder_pieces AS reorder, l.units_per_piece::text AS "perPiece", a.created_at AS "createdAt", a.resolved_at AS "resolvedAt",
            ${storeTimeZoneSql('a.store_id')} AS "timeZone"
       FROM stock_alert a ${productSummarySql('a.product_id', 'p')} JOIN stock_level l USING (store_id, product_id)
       LEFT JOIN stock_alert_rule r USING (store_id, product_id)
      WHERE a.id = $1`,
    [event.payload.alertId],
  );
  if (!row) return undefined;
  return { data: JSON.parse(JSON.stringify(toAlertResponse(row))) as JsonObject, storeIds: [row.storeId] };
}

defineWebhookEvent({
  type: 'inventory.low_stock',
  description: "A store's available stock of a product fell to its alert level (on hand less what is held for orders): `reorderPieces` says what to order.",
  event: 'inventory.low_stock',
  schema: StockAlertResponseDto,
  load: lowStockData,
});
