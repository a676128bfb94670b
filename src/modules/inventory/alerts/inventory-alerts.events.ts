/**
 * Inventory's alert events (DESIGN §5), delivered at least once to webhooks:
 * - `inventory.low_stock` when a store's available stock of a product falls to its alert level;
 * - `inventory.expiring` when the daily sweep finds a batch with stock left that expires within the
 *   store's warning days (or has expired), once per batch.
 */
export interface LowStockPayload {
  alertId: string;
  storeId: string;
  productId: string;
  /** Stock units available when it opened, and the level it fell to. */
  availableUnits: number;
  alertLevelUnits: number;
  /** Whole pieces to reorder. */
  reorderPieces: number;
}

type Payload = {
  alertId: string;
  storeId: string;
  productId: string;
  availableUnits: number;
  alertLevelUnits: number;
  reorderPieces: number;
};

type ExpiringPayload = {
  alertId: string;
  storeId: string;
  productId: string;
  batchId: string;
  /** The batch's expiry date (`YYYY-MM-DD`) and the stock units it still held when alerted. */
  expiresOn: string;
  remainingUnits: number;
};

declare module '../../../common/events/event-map.js' {
  interface DurableEventMap {
    'inventory.low_stock': Payload;
    'inventory.expiring': ExpiringPayload;
  }
}
