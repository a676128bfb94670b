export { defineStateMachine, type StateMachine, type StateOf, type TransitionTable } from './state-machine.js';
export { StateTransitions, type StatefulTable, type TransitionRequest, type TransitionResult } from './state-transitions.js';
export { StateErrors } from './state.errors.js';
export { StatusHistoryColumns } from './status-history.js';
