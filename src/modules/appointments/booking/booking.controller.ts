import { applyDecorators, Body, Controller, Delete, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import type { Actor, StaffRole } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { OptionalIfMatch } from '../booking-policy/booking-policy.controller.js';
import { BookingService } from './booking.service.js';
import { AppointmentResponseDto, HoldResponseDto } from './dto/appointment-response.dto.js';
import { CreateAppointmentDto, CreateHoldDto, RescheduleAppointmentDto } from './dto/booking.dto.js';

/** Who books: the front desk and managers (a beautician's book is kept for her), and integrations with `appointments:write`. */
const BOOKERS: readonly StaffRole[] = ['owner', 'manager', 'receptionist'];
const WRITE = { roles: BOOKERS, scopes: ['appointments:write'] } as const;

/** The answers of a request for a slot (a hold, a booking, a reschedule); customers' apps document theirs with it too. */
export const SlotProblems = () =>
  applyDecorators(
    ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field'),
    ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)"),
    ApiProblem(
      409,
      'appointment.slot_taken',
      'The time is taken: `conflict` names the service (`segment`), what is in the way (`staff_busy`, `resource_busy`, `no_resource`, `daily_cap`), the staff member or room, ' +
        'and when another booking holds it, its number (or `held`: someone is booking it now) and span; `nearest` lists up to five free times as the availability search shows them',
    ),
    ApiProblem(
      422,
      'appointment.outside_booking_window',
      'startsAt is in the past, sooner than the minimum notice, beyond the horizon, or off the slot grid (`reason`); or (`appointment.outside_working_time`) ' +
        'the staff member, or anyone who does the service, does not work then (hours, shifts, breaks, time off, closures); or (`appointment.staff_unavailable`) the staff member ' +
        'cannot do the service here (skill, level, store, online); or (`appointment.resource_unavailable`) the room named cannot be used; or ' +
        '(`availability.variation_unavailable`) a variation is unknown, not offered here, or not bookable online',
    ),
  );

@ApiTags('appointments')
@Controller('v1/appointments')
export class BookingController {
  constructor(@Inject(BookingService) private readonly booking: BookingService) {}

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({
    summary: 'Book an appointment: from a hold, or directly at a time (front desk, phone)',
    description:
      'With `holdId`, books what the hold reserved (for its customer, if it names one). Without, plans the services at `startsAt` as the availability search would ' +
      "(the staff member asked for, else the customer's preferred one when free, else the least booked that day; any free room of the kind needed) and books it. " +
      'The customer is `customerId`, or `customer` (name and phone): the customer holding that number, else a new one. Online channels book only what is bookable online. ' +
      'The database forbids double-booking: of two requests for one slot, one wins and the other gets 409 `appointment.slot_taken`. Send an `Idempotency-Key` to retry safely.',
  })
  @ApiCreatedResponse({ type: AppointmentResponseDto, description: 'Booked; `Location` names it' })
  @SlotProblems()
  @ApiProblem(410, 'appointment_hold.expired', 'The hold expired and its time was released; or (`appointment_hold.not_found`, 404) there is no such hold')
  @ApiProblem(
    422,
    'reference.not_found',
    '`customerId` names no customer; or (`appointment.customer_blocked`) the customer is blocked from booking; or (`appointment_hold.other_customer`) the hold is for another customer',
  )
  book(@CurrentActor() actor: Actor, @Body() body: CreateAppointmentDto): Promise<AppointmentResponseDto> {
    return this.booking.book(actor, body);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Move an appointment to a new start: every service moves in one transaction, with the same staff unless others (or anyone) are named',
    description:
      'Only booked or confirmed appointments move; a confirmed one goes back to booked (the customer has not confirmed the new time). The same rules as booking apply, ' +
      'with the appointment itself out of the way (it may move by a quarter of an hour into its own time). Reminders move with it; the customer and staff are told.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The appointment', example: '6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of your last read, e.g. "3": refused with 412 if it changed since' })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @SlotProblems()
  @ApiProblem(404, 'appointment.not_found', 'No such appointment is visible to you')
  @ApiProblem(409, 'appointment.not_reschedulable', 'Only booked or confirmed appointments can be moved (`status` says what it is)')
  @ApiProblem(412, 'request.stale_version', 'The appointment changed since you read it', CommonErrors.preconditionFailed())
  reschedule(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @OptionalIfMatch() version: number | undefined,
    @Body() body: RescheduleAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.booking.reschedule(actor, id, body, { expectedVersion: version });
  }
}

@ApiTags('appointments')
@Controller('v1/appointment-holds')
export class HoldsController {
  constructor(@Inject(BookingService) private readonly booking: BookingService) {}

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({
    summary: "Hold a slot for a few minutes (the store's policy, default 5) while the customer finishes booking",
    description:
      'Plans the services at `startsAt` as a booking would and reserves them: nobody else can take that time until the hold is booked (`POST /v1/appointments` with `holdId`), ' +
      'released, or expires by itself.',
  })
  @ApiCreatedResponse({ type: HoldResponseDto })
  @SlotProblems()
  @ApiProblem(422, 'reference.not_found', '`customerId` names no customer; or (`appointment.customer_blocked`) the customer is blocked from booking')
  hold(@CurrentActor() actor: Actor, @Body() body: CreateHoldDto): Promise<HoldResponseDto> {
    return this.booking.hold(actor, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Release a hold before it expires (the customer changed their mind)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The hold', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  @ApiNoContentResponse({ description: 'Released: the time is free again' })
  @ApiProblem(404, 'appointment_hold.not_found', 'No such hold is visible to you (it may have expired and been swept)')
  release(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.booking.releaseHold(actor, id);
  }
}
