/**
 * Durable events of transfers (DESIGN §5), written with the change: `transfer.received` when the
 * destination store has received a transfer (webhooks follow it: transfer-webhooks.ts).
 */
declare module '../../../common/events/event-map.js' {
  interface DurableEventMap {
    'transfer.received': { transferId: string; number: string; fromStoreId: string; toStoreId: string };
  }
}

export const TRANSFER_EVENTS = ['transfer.received'] as const;
