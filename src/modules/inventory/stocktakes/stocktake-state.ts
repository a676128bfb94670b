import { defineStateMachine, StateTransitions, type StateOf } from '../../../common/state/index.js';

/** The life of a stocktake: counted, submitted (counting closed), approved by a manager; cancelled before approval. */
export const stocktakeStates = defineStateMachine('stocktake', {
  counting: ['submitted', 'cancelled'],
  submitted: ['approved', 'cancelled'],
  approved: [],
  cancelled: [],
});
export type StocktakeStatus = StateOf<typeof stocktakeStates>;

/** Moves a stocktake in SQL and writes `stocktake_status_history` in the same statement. */
export const stocktakeTransitions = new StateTransitions(stocktakeStates, { table: 'stocktake', history: 'stocktake_status_history', updatedAtColumn: 'updated_at' });
