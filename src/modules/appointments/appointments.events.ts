/**
 * Durable events of the appointments module (DESIGN §5): written with the change by
 * AppointmentChanges.record, delivered at least once to each subscriber (webhooks, inventory's
 * back-bar consumption on `appointment.completed`). Payloads carry ids and plain values.
 *
 * - `appointment.created`: booked (from a hold, at the front desk, by a customer's app, a recurring series);
 * - `appointment.updated`: confirmed, started (in service), or its notes and requests changed (`change` says which);
 * - `appointment.rescheduled`: its segments moved (`previousStartsAt`);
 * - `appointment.cancelled`, `.checked_in`, `.completed`, `.no_show`: the transition of that name.
 */
export interface AppointmentEventPayload {
  appointmentId: string;
  number: string;
  storeId: string;
  customerId: string;
  status: string;
  channel: string;
  /** ISO 8601 instants (UTC). */
  startsAt: string;
  endsAt: string;
  staffMemberIds: string[];
  /** The services' variations, one per service, in order (inventory deducts what they consume when the appointment completes). */
  variationIds: string[];
  /** What an `appointment.updated` is about: `confirmed`, `started`, `details`; null for the other events. */
  change: string | null;
  /** Before a reschedule; null for the other events. */
  previousStartsAt: string | null;
}

type Payload = {
  appointmentId: string;
  number: string;
  storeId: string;
  customerId: string;
  status: string;
  channel: string;
  startsAt: string;
  endsAt: string;
  staffMemberIds: string[];
  variationIds: string[];
  change: string | null;
  previousStartsAt: string | null;
};

declare module '../../common/events/event-map.js' {
  interface DurableEventMap {
    'appointment.created': Payload;
    'appointment.updated': Payload;
    'appointment.rescheduled': Payload;
    'appointment.cancelled': Payload;
    'appointment.checked_in': Payload;
    'appointment.completed': Payload;
    'appointment.no_show': Payload;
  }
}

export const APPOINTMENT_EVENTS = [
  'appointment.created',
  'appointment.updated',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.checked_in',
  'appointment.completed',
  'appointment.no_show',
] as const;
export type AppointmentEventName = (typeof APPOINTMENT_EVENTS)[number];
