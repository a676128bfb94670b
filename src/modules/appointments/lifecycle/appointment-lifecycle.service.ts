import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/http/request-context.js';
import type { BookedBy } from '../booking/booking.service.js';
import type { AppointmentResponseDto } from '../booking/dto/appointment-response.dto.js';

export interface TransitionOptions {
  /** If-Match: the version the caller saw (412 when stale). */
  expectedVersion?: number;
  /** Recorded as done by (a customer session or a reminder link: the customer), when not the actor. */
  by?: BookedBy;
  /** Only this customer's appointment (customer sessions, links): another's answers 404. */
  customerId?: string;
}

/**
 * The life cycle of an appointment (appointment-state.ts): one public method per transition, each one
 * transaction that moves the state, writes the history, and records the change (AppointmentChanges).
 * Being built in the lifecycle part; the signatures are the contract other parts call.
 */
@Injectable()
export class AppointmentLifecycle {
  async confirm(actor: Actor, id: string, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    void [actor, id, options];
    throw new Error('AppointmentLifecycle.confirm: being built');
  }

  /** Cancelled by whom (the actor or `options.by`), why; late when inside the store's cancellation window (the fee recorded for checkout). */
  async cancel(actor: Actor, id: string, reason: string | null, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    void [actor, id, reason, options];
    throw new Error('AppointmentLifecycle.cancel: being built');
  }
}
