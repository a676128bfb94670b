/**
 * Durable events of stocktakes (DESIGN §5), written with the change: `stocktake.approved` when a
 * manager approved a count and its corrections were posted. Payloads carry ids and plain values.
 */
declare module '../../../common/events/event-map.js' {
  interface DurableEventMap {
    'stocktake.approved': { stocktakeId: string; number: string; storeId: string; movements: number; netValueAmount: number; currency: string };
  }
}

export const STOCKTAKE_APPROVED = 'stocktake.approved';
