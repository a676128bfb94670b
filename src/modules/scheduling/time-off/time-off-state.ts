import { defineStateMachine, StateTransitions, type StateOf } from '../../../common/state/index.js';

/**
 * The life of a time-off request: asked for (or entered by a manager), then approved or refused;
 * cancelled by the person or a manager while it still matters. Refused and cancelled are final.
 */
export const timeOffStates = defineStateMachine('time_off', {
  requested: ['approved', 'refused', 'cancelled'],
  approved: ['cancelled'],
  refused: [],
  cancelled: [],
});
export type TimeOffStatus = StateOf<typeof timeOffStates>;

/** Moves a request in SQL and writes `time_off_status_history` in the same statement. */
export const timeOffTransitions = new StateTransitions(timeOffStates, { table: 'time_off', history: 'time_off_status_history', updatedAtColumn: 'updated_at' });
