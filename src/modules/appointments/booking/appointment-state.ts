import { defineStateMachine, StateTransitions, type StateOf } from '../../../common/state/index.js';

/**
 * The life of an appointment (DESIGN §5 "State"): booked → confirmed → checked in → in service →
 * completed; cancelled or a no-show while the customer has not arrived. The front desk may check in a
 * customer who never confirmed, and complete a visit whose start nobody pressed. Completed, cancelled
 * and no-show are final. A reschedule keeps the state (a confirmed appointment moved by the salon
 * goes back to booked: the customer has not confirmed the new time), see BookingService.reschedule.
 */
export const appointmentStates = defineStateMachine('appointment', {
  booked: ['confirmed', 'checked_in', 'cancelled', 'no_show'],
  confirmed: ['booked', 'checked_in', 'cancelled', 'no_show'],
  checked_in: ['in_service', 'completed'],
  in_service: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
});
export type AppointmentState = StateOf<typeof appointmentStates>;

/** States in which the customer is still expected: the appointment may be moved, cancelled, or marked a no-show. */
export const UPCOMING_STATES: readonly AppointmentState[] = ['booked', 'confirmed'];

/** States whose segments hold staff and resource time (`booking_segment.active`). */
export const ACTIVE_STATES: readonly AppointmentState[] = ['booked', 'confirmed', 'checked_in', 'in_service', 'completed'];

/** Moves an appointment in SQL and writes `appointment_status_history` in the same statement. */
export const appointmentTransitions = new StateTransitions(appointmentStates, {
  table: 'appointment',
  history: 'appointment_status_history',
  updatedAtColumn: 'updated_at',
});
