import { defineStateMachine, StateTransitions, type StateOf } from '../../common/state/index.js';

/**
 * The life of an order (issue 15), pure. Products: confirmed → in_progress → picked → packed → shipped →
 * delivered → completed. Services: in_progress → scheduled (an appointment) → served → completed.
 * Cancelled, with a reason, from any state before shipped or served.
 *
 * A mixed order (products and services) follows the product path: its goods are what must be picked,
 * packed and shipped before it is done, and its services are booked as appointments of their own. It is
 * the smallest rule that loses no step: `schedule`/`serve` are refused on it as on a product order.
 * The table allows both paths from `in_progress`; `pathIncludes` says which one a classification takes.
 */
export const orderStates = defineStateMachine('order', {
  pending_confirmation: ['confirmed', 'cancelled'],
  confirmed: ['in_progress', 'cancelled'],
  in_progress: ['picked', 'scheduled', 'cancelled'],
  picked: ['packed', 'cancelled'],
  packed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: ['completed'],
  scheduled: ['served', 'cancelled'],
  served: ['completed'],
  completed: [],
  cancelled: [],
});
export type OrderStatus = StateOf<typeof orderStates>;

/** The steps only goods take, and those only services take. */
const PRODUCT_ONLY: readonly OrderStatus[] = ['picked', 'packed', 'shipped', 'delivered'];
const SERVICE_ONLY: readonly OrderStatus[] = ['scheduled', 'served'];

/** Whether an order of this classification ever reaches `state` (a mixed order takes the product path). */
export function pathIncludes(classification: 'service' | 'product' | 'mixed', state: OrderStatus): boolean {
  if (classification === 'service') return !PRODUCT_ONLY.includes(state);
  return !SERVICE_ONLY.includes(state);
}

/** Where an order may go from `state`, on its classification's path. */
export function allowedTransitions(classification: 'service' | 'product' | 'mixed', state: OrderStatus): OrderStatus[] {
  return orderStates.allowedFrom(state).filter((to) => pathIncludes(classification, to));
}

/** Moves an order in SQL and writes `order_status_history` in the same statement. */
export const orderTransitions = new StateTransitions(orderStates, { table: 'order', history: 'order_status_history', updatedAtColumn: 'updated_at' });

/**
 * A walk-in sale at the counter (checkouts without an appointment): the customer takes the goods in hand,
 * so the order is confirmed, started and `served` (handed over) at once, never picked, packed or shipped.
 * Its own table, on the same column and history, so the order's life cycle above keeps refusing
 * `in_progress → served` to every other order; from `served` on (`completed` when paid) it is an order like any other.
 */
export const counterSaleStates = defineStateMachine('order', {
  pending_confirmation: ['confirmed'],
  confirmed: ['in_progress'],
  in_progress: ['served'],
  served: [],
});
export const counterSaleTransitions = new StateTransitions(counterSaleStates, { table: 'order', history: 'order_status_history', updatedAtColumn: 'updated_at' });
