/**
 * Durable events of purchasing (DESIGN §5), written with the change: `purchase_order.received` when a
 * purchase order has fully arrived (its last receipt). Payloads carry ids and plain values.
 */
declare module '../../../common/events/event-map.js' {
  interface DurableEventMap {
    'purchase_order.received': { purchaseOrderId: string; number: string; storeId: string; supplierId: string };
  }
}

export const PURCHASE_ORDER_RECEIVED = 'purchase_order.received';
