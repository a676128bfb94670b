import { defineStateMachine, StateTransitions, type StateOf } from '../../../common/state/index.js';

/** The life of a transfer: approved by the source store's manager, shipped, received; cancelled before shipping. */
export const transferStates = defineStateMachine('transfer', {
  requested: ['approved', 'cancelled'],
  approved: ['shipped', 'cancelled'],
  shipped: ['received'],
  received: [],
  cancelled: [],
});
export type TransferStatus = StateOf<typeof transferStates>;

/** Moves a transfer in SQL and writes `transfer_status_history` in the same statement. */
export const transferTransitions = new StateTransitions(transferStates, { table: 'transfer', history: 'transfer_status_history', updatedAtColumn: 'updated_at' });
