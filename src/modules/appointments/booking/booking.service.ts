import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/http/request-context.js';
import type { AppointmentResponseDto, HoldResponseDto } from './dto/appointment-response.dto.js';
import type { CreateAppointmentDto, CreateHoldDto, RescheduleAppointmentDto } from './dto/booking.dto.js';

/** Who a booking is recorded as made by when it is not the actor itself (a customer session books as the customer). */
export interface BookedBy {
  type: 'user' | 'api_key' | 'customer' | 'system';
  id: string | null;
}

export interface BookingOptions {
  /** Default: the actor. */
  bookedBy?: BookedBy;
  /** Only the customer's own hold may be booked, and only for them (customer sessions). */
  customerId?: string;
}

/**
 * Holds, bookings and reschedules (DESIGN §3: the database forbids double-booking). Each public
 * method is one transaction; a taken slot answers 409 `appointment.slot_taken` naming the conflict
 * and the nearest free times.
 */
@Injectable()
export class BookingService {
  async hold(actor: Actor, dto: CreateHoldDto, options: BookingOptions = {}): Promise<HoldResponseDto> {
    void actor;
    void dto;
    void options;
    throw new Error('BookingService.hold: being built');
  }

  async releaseHold(actor: Actor, holdId: string, options: BookingOptions = {}): Promise<void> {
    void actor;
    void holdId;
    void options;
    throw new Error('BookingService.releaseHold: being built');
  }

  async book(actor: Actor, dto: CreateAppointmentDto, options: BookingOptions = {}): Promise<AppointmentResponseDto> {
    void actor;
    void dto;
    void options;
    throw new Error('BookingService.book: being built');
  }

  async reschedule(actor: Actor, id: string, dto: RescheduleAppointmentDto, options: BookingOptions & { expectedVersion?: number } = {}): Promise<AppointmentResponseDto> {
    void actor;
    void id;
    void dto;
    void options;
    throw new Error('BookingService.reschedule: being built');
  }
}
