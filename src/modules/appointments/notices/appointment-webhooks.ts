/**
 * The webhook event types of appointments (declared at import time, beside the durable events they
 * follow: appointments.events.ts): each sends the appointment as `GET /v1/appointments/{id}` answers
 * it, loaded when the event is delivered (the partner gets it as it is then), with what the event
 * was about. An appointment holds no personal data (the customer is an id), so nothing is masked.
 */
import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { DeliveredEvent, DurableEventName } from '../../../common/events/event-map.js';
import type { JsonObject } from '../../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import type { AppointmentEventName } from '../appointments.events.js';
import { APPOINTMENT_RECORD_SQL, toAppointmentRecord } from '../booking/appointment-records.js';
import { AppointmentResponseDto, toAppointmentResponse } from '../booking/dto/appointment-response.dto.js';

export class AppointmentWebhookDto extends AppointmentResponseDto {
  /** For `appointment.updated`: what changed (`confirmed`, `started`, `details`); null for the other events. */
  @ApiProperty({ type: String, nullable: true, enum: ['confirmed', 'started', 'details'], example: 'confirmed' })
  change!: string | null;
  /** For `appointment.rescheduled`: the start before the move, in the store's offset; null for the other events. */
  @ApiProperty({ type: String, nullable: true, example: '2027-03-21T10:00:00+08:00' })
  previousStart!: string | null;
}

/** The response as it goes over the wire (dates as ISO strings). */
const asJson = (value: object): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

/** The appointment now (the webhooks' delivery runs this on its own transaction, when it has one); undefined when it is gone. */
async function appointmentWebhookData(event: DeliveredEvent<AppointmentEventName>): Promise<WebhookData | undefined> {
  const [row] = await Db.instance().rows<Parameters<typeof toAppointmentRecord>[0]>(`${APPOINTMENT_RECORD_SQL} WHERE a.id = $1`, [event.payload.appointmentId]);
  if (!row) return undefined;
  const record = toAppointmentRecord(row);
  const { change, previousStartsAt } = event.payload;
  const data: AppointmentWebhookDto = {
    ...toAppointmentResponse(record),
    change,
    previousStart: previousStartsAt ? formatInstant(Date.parse(previousStartsAt), record.timeZone) : null,
  };
  return { data: asJson(data), storeIds: [record.storeId] };
}

const DESCRIPTIONS: Record<AppointmentEventName, string> = {
  'appointment.created': 'An appointment was booked: at the front desk, by phone, from a hold, by a customer in an app or on a booking page, or as one of a recurring series.',
  'appointment.updated': 'An appointment was confirmed, started (the customer is in service), or its notes or special requests changed: `change` says which.',
  'appointment.rescheduled': 'An appointment moved to another time or other staff (every segment in one change): `previousStart` is where it was.',
  'appointment.cancelled': 'An appointment was cancelled (by the salon, the customer or a reminder link): see `cancelledByType`, `cancelReason`, `lateCancellation` and `fee`.',
  'appointment.checked_in': 'The customer of an appointment arrived and was checked in.',
  'appointment.completed': 'An appointment was completed: the services were performed.',
  'appointment.no_show': 'The customer never came: marked a no-show by the front desk, or automatically after the end (see `fee`).',
};

for (const [type, description] of Object.entries(DESCRIPTIONS) as Array<[AppointmentEventName & DurableEventName, string]>) {
  defineWebhookEvent({ type, description, event: type, schema: AppointmentWebhookDto, load: appointmentWebhookData });
}
