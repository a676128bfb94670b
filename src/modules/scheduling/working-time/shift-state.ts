import { defineStateMachine, type StateOf } from '../../../common/state/index.js';

/** A shift's life: planned, then perhaps cancelled (kept as history, never deleted once it began). */
export const shiftStates = defineStateMachine('shift', {
  scheduled: ['cancelled'],
  cancelled: [],
});

export type ShiftState = StateOf<typeof shiftStates>;
