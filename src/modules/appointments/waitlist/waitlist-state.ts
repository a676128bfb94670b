import { defineStateMachine, StateTransitions, type StateOf } from '../../../common/state/index.js';

/**
 * The life of a waitlist entry: waiting in the queue; offered a freed slot (a hold shared with the
 * next few in line); booked when they accept it first; back to waiting when another accepted first,
 * the offer ran out or the hold was released; cancelled by the salon; expired once its dates passed.
 * Booked, cancelled and expired are final.
 */
export const waitlistStates = defineStateMachine('waitlist_entry', {
  waiting: ['offered', 'cancelled', 'expired'],
  offered: ['waiting', 'booked', 'cancelled', 'expired'],
  booked: [],
  cancelled: [],
  expired: [],
});
export type WaitlistState = StateOf<typeof waitlistStates>;

/** Moves an entry in SQL and writes `waitlist_entry_status_history` in the same statement. */
export const waitlistTransitions = new StateTransitions(waitlistStates, {
  table: 'waitlist_entry',
  history: 'waitlist_entry_status_history',
  updatedAtColumn: 'updated_at',
});
