import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import type { Actor, StaffRole } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { OptionalIfMatch } from '../booking-policy/booking-policy.controller.js';
import { appointmentStates, type AppointmentState } from '../booking/appointment-state.js';
import { AppointmentResponseDto } from '../booking/dto/appointment-response.dto.js';
import { AppointmentLifecycle } from './appointment-lifecycle.service.js';
import { AppointmentReader } from './appointment-reader.js';
import { AppointmentHistoryResponseDto, CancelAppointmentDto, NoShowAppointmentDto, UpdateAppointmentDto } from './dto/lifecycle.dto.js';

/** Who runs the book: the front desk and managers. */
const FRONT_DESK: readonly StaffRole[] = ['owner', 'manager', 'receptionist'];
const READ = ['appointments:read'] as const;
const WRITE = ['appointments:write'] as const;

const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The appointment', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });
const NotFound = () => ApiProblem(404, 'appointment.not_found', "No such appointment is visible to you (another store's answers the same)");
const Refused = (from: AppointmentState, to: AppointmentState) =>
  ApiProblem(
    409,
    'appointment.invalid_transition',
    'Not from its current state: `currentState` says where it is, `allowedStates` where it may go (someone may have moved it first)',
    StateErrors.invalidTransition(appointmentStates, from, to),
  );
/** If-Match is optional on a transition: sent, it must be the current version. */
const ApiTransitionIfMatch = () =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of your last read, e.g. "3": the move happens only if nobody changed the appointment since' }),
    ApiProblem(412, 'request.stale_version', 'The appointment changed since you read it', CommonErrors.preconditionFailed()),
    ApiProblem(428, 'request.if_match_required', 'If-Match: * protects nothing: send the ETag of your last read, or no If-Match', CommonErrors.preconditionRequired()),
  );
const Transition = (summary: string, description?: string) =>
  applyDecorators(HttpCode(200), ApiOperation({ summary, description }), IdParam(), ApiTransitionIfMatch(), ApiOkResponse({ type: AppointmentResponseDto }), NotFound());
const NotYours = () =>
  ApiProblem(
    403,
    'appointment.not_your_appointment',
    'A beautician starts and completes only appointments in which she performs a service; or your role or API key scope may not do this',
    AppointmentErrors.notYourAppointment('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'),
  );

@ApiTags('appointments')
@Controller('v1/appointments/:id')
export class AppointmentLifecycleController {
  constructor(
    @Inject(AppointmentLifecycle) private readonly lifecycle: AppointmentLifecycle,
    @Inject(AppointmentReader) private readonly reader: AppointmentReader,
  ) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ })
  @ApiOperation({ summary: 'Read one appointment: its segments, state, what may be done next (`allowedActions`); `ETag` carries its version' })
  @IdParam()
  @ApiOkResponse({ type: AppointmentResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AppointmentResponseDto> {
    return this.reader.get(actor, id);
  }

  @Get('history')
  @Allow({ roles: ALL_STAFF, scopes: READ })
  @ApiOperation({ summary: 'Every move of an appointment, oldest first: from, to, when, who (user, API key, customer or the system) and why' })
  @IdParam()
  @ApiOkResponse({ type: AppointmentHistoryResponseDto })
  @NotFound()
  history(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AppointmentHistoryResponseDto> {
    return this.reader.history(actor, id);
  }

  @Patch()
  @Allow({ roles: FRONT_DESK, scopes: WRITE })
  @ApiOperation({ summary: 'Change the notes or special requests of an appointment (null clears one); audited' })
  @IdParam()
  @ApiIfMatch()
  @ApiBody({ type: UpdateAppointmentDto })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @NotFound()
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: text too long or with control characters, or neither field given')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateAppointmentDto): Promise<AppointmentResponseDto> {
    return this.lifecycle.updateDetails(actor, id, body, { expectedVersion: version });
  }

  @Post('confirm')
  @Allow({ roles: FRONT_DESK, scopes: WRITE })
  @Transition('Confirm an appointment: the customer says they will come')
  @Refused('cancelled', 'confirmed')
  confirm(@CurrentActor() actor: Actor, @Param('id') id: string, @OptionalIfMatch() version: number | undefined): Promise<AppointmentResponseDto> {
    return this.lifecycle.confirm(actor, id, { expectedVersion: version });
  }

  @Post('check-in')
  @Allow({ roles: FRONT_DESK, scopes: WRITE })
  @Transition('Check a customer in: they have arrived (confirmed or not); the automatic no-show is called off')
  @Refused('checked_in', 'checked_in')
  checkIn(@CurrentActor() actor: Actor, @Param('id') id: string, @OptionalIfMatch() version: number | undefined): Promise<AppointmentResponseDto> {
    return this.lifecycle.checkIn(actor, id, { expectedVersion: version });
  }

  @Post('start')
  @Allow({ roles: ALL_STAFF, scopes: WRITE })
  @Transition('Start the service of a checked-in customer (the front desk, managers, or a beautician who performs one of its services)')
  @NotYours()
  @Refused('booked', 'in_service')
  start(@CurrentActor() actor: Actor, @Param('id') id: string, @OptionalIfMatch() version: number | undefined): Promise<AppointmentResponseDto> {
    return this.lifecycle.start(actor, id, { expectedVersion: version });
  }

  @Post('complete')
  @Allow({ roles: ALL_STAFF, scopes: WRITE })
  @Transition(
    'Complete an appointment (in service, or checked in when nobody pressed start): a visit on the customer’s figures',
    'The front desk, managers, or a beautician who performs one of its services.',
  )
  @NotYours()
  @Refused('booked', 'completed')
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @OptionalIfMatch() version: number | undefined): Promise<AppointmentResponseDto> {
    return this.lifecycle.complete(actor, id, { expectedVersion: version });
  }

  @Post('cancel')
  @Allow({ roles: FRONT_DESK, scopes: WRITE })
  @Transition(
    'Cancel a booked or confirmed appointment, saying why: its time is free again for others',
    "Late when less than the store's `cancellationWindowMinutes` before the start (or after it): `lateCancellation` is set, the customer's late cancellations count it, " +
      "and the policy's `lateCancellationFee` is recorded as `fee` for checkout to collect.",
  )
  @ApiBody({ type: CancelAppointmentDto })
  @ApiProblem(422, 'appointment.reason_required', '`reason` is missing: staff say why', AppointmentErrors.reasonRequired())
  @Refused('completed', 'cancelled')
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @OptionalIfMatch() version: number | undefined,
    @Body() body: CancelAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.lifecycle.cancel(actor, id, body?.reason ?? null, { expectedVersion: version });
  }

  @Post('no-show')
  @Allow({ roles: FRONT_DESK, scopes: WRITE })
  @Transition(
    'Mark a customer a no-show, once the start has passed: their time is freed, the no-show counted on the customer, the policy’s fee recorded as `fee`',
    "Without this, an appointment never checked in becomes a no-show by itself the store's `noShowAfterMinutes` after its end.",
  )
  @ApiBody({ type: NoShowAppointmentDto, required: false })
  @ApiProblem(422, 'appointment.not_started', 'The appointment has not started yet', AppointmentErrors.notStartedYet('2027-03-22T14:00:00+08:00'))
  @Refused('checked_in', 'no_show')
  noShow(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @OptionalIfMatch() version: number | undefined,
    @Body() body: NoShowAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.lifecycle.noShow(actor, id, body?.reason ?? null, { expectedVersion: version });
  }
}
