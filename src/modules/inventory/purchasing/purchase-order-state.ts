import { defineStateMachine, StateTransitions, type StateOf } from '../../../common/state/index.js';

/**
 * The life of a purchase order: a draft (lines still change) is approved by a manager, then ordered
 * from the supplier; receipts make it partly received, then received once every line has arrived.
 * It may be cancelled until something was received. Received and cancelled are final.
 */
export const purchaseOrderStates = defineStateMachine('purchase_order', {
  draft: ['approved', 'cancelled'],
  approved: ['ordered', 'cancelled'],
  ordered: ['partly_received', 'received', 'cancelled'],
  partly_received: ['received'],
  received: [],
  cancelled: [],
});
export type PurchaseOrderStatus = StateOf<typeof purchaseOrderStates>;
export const PURCHASE_ORDER_STATUSES = purchaseOrderStates.states;

/** Moves an order in SQL and writes `purchase_order_status_history` in the same statement. */
export const purchaseOrderTransitions = new StateTransitions(purchaseOrderStates, {
  table: 'purchase_order',
  history: 'purchase_order_status_history',
  updatedAtColumn: 'updated_at',
});
