/**
 * Inventory's alert events (DESIGN §5): `inventory.low_stock` when a store's available stock of a
 * product falls to its alert level, delivered at least once to webhooks.
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

declare module '../../../common/events/event-map.js' {
  interface DurableEventMap {
    'inventory.low_stock': Payload;
  }
}
