/**
 * The webhook event of stocktakes (declared at import time): `stocktake.approved` sends the stocktake
 * as `GET /v1/stocktakes` lists it (its number, store and dates), to the endpoints of its store; the
 * corrections it posted are in the stock ledger. It holds no personal data.
 */
import { Db } from '../../../common/database/index.js';
import type { DeliveredEvent } from '../../../common/events/event-map.js';
import type { JsonObject } from '../../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import { StocktakeSummaryResponseDto } from './dto/stocktake.dto.js';
import { findStocktake, toSummary } from './stocktake-rows.js';
import './stocktakes.events.js';

async function stocktakeWebhookData(event: DeliveredEvent<'stocktake.approved'>): Promise<WebhookData | undefined> {
  const stocktake = await findStocktake(Db.instance(), event.payload.stocktakeId).catch(() => undefined);
  if (!stocktake) return undefined;
  return { data: JSON.parse(JSON.stringify(toSummary(stocktake))) as JsonObject, storeIds: [stocktake.storeId] };
}

defineWebhookEvent({
  type: 'stocktake.approved',
  description: 'A stocktake was approved and its corrections posted to the stock ledger (one `stocktake` movement per product whose count differed).',
  event: 'stocktake.approved',
  schema: StocktakeSummaryResponseDto,
  load: stocktakeWebhookData,
});
