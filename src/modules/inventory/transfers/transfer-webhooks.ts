/**
 * The webhook event of transfers (declared at import time): `transfer.received` sends the transfer as
 * `GET /v1/transfers/{id}` answers it, to the endpoints of both stores. It holds no personal data.
 */
import { Db } from '../../../common/database/index.js';
import type { DeliveredEvent } from '../../../common/events/event-map.js';
import type { JsonObject } from '../../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import { TransferResponseDto } from './dto/transfer.dto.js';
import { loadTransfer } from './transfer-rows.js';
import './transfers.events.js';

async function transferWebhookData(event: DeliveredEvent<'transfer.received'>): Promise<WebhookData | undefined> {
  const transfer = await loadTransfer(Db.instance(), event.payload.transferId).catch(() => undefined);
  if (!transfer) return undefined;
  return { data: JSON.parse(JSON.stringify(transfer)) as JsonObject, storeIds: [transfer.fromStoreId, transfer.toStoreId] };
}

defineWebhookEvent({
  type: 'transfer.received',
  description: 'Goods sent from one store to another were received: each line says what was shipped, what arrived and why any difference.',
  event: 'transfer.received',
  schema: TransferResponseDto,
  load: transferWebhookData,
});
