import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { OptionalIfMatch } from '../booking-policy/booking-policy.controller.js';
import { SlotProblems } from '../booking/booking.controller.js';
import { AppointmentResponseDto, HoldResponseDto } from '../booking/dto/appointment-response.dto.js';
import { RescheduleAppointmentDto } from '../booking/dto/booking.dto.js';
import { CancelMyAppointmentDto, CreateMyAppointmentDto, CreateMyHoldDto, MeResponseDto, MyAppointmentsQueryDto, UpdateMeDto } from './dto/me.dto.js';
import { MyAppointmentsService } from './my-appointments.service.js';
import { MyProfileService } from './my-profile.service.js';

const CUSTOMER = { customers: true } as const;
const NOT_FOUND = "No such appointment of yours (another customer's answers the same)";
const ID = () => ApiParam({ name: 'id', format: 'uuid', description: 'The appointment', example: '6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0' });
const OPTIONAL_IF_MATCH = () => ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of your last read, e.g. "3": refused with 412 if it changed since' });

@ApiTags('customer-me')
@Controller('v1/me')
@Allow(CUSTOMER)
export class MeController {
  constructor(
    @Inject(MyProfileService) private readonly profile: MyProfileService,
    @Inject(MyAppointmentsService) private readonly appointments: MyAppointmentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The signed-in customer's profile basics (the phone in full: it is theirs)" })
  @ApiOkResponse({ type: MeResponseDto, description: 'Their profile; `ETag` carries its version' })
  me(@CurrentActor() actor: Actor): Promise<MeResponseDto> {
    return this.profile.get(actor);
  }

  @Patch()
  @ApiOperation({ summary: 'Change your name, e-mail, language or preferred channel; If-Match required', description: 'The phone is how you sign in: the salon changes it.' })
  @ApiIfMatch()
  @ApiOkResponse({ type: MeResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field')
  updateMe(@CurrentActor() actor: Actor, @IfMatchVersion() version: number, @Body() body: UpdateMeDto): Promise<MeResponseDto> {
    return this.profile.update(actor, version, body);
  }

  @Get('appointments')
  @ApiOperation({
    summary: 'Your appointments: upcoming soonest first (default), or past latest first',
    description: "Only yours, at the stores of your app's key.",
  })
  @ApiPageResponse(AppointmentResponseDto, 'One page of your appointments')
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `when`, `limit` or `cursor`')
  list(@CurrentActor() actor: Actor, @Query() query: MyAppointmentsQueryDto): Promise<Page<AppointmentResponseDto>> {
    return this.appointments.list(actor, query);
  }

  @Get('appointments/:id')
  @ApiOperation({ summary: 'One of your appointments' })
  @ID()
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiProblem(404, 'appointment.not_found', NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AppointmentResponseDto> {
    return this.appointments.get(actor, id);
  }

  @Post('appointment-holds')
  @Idempotent()
  @ApiOperation({
    summary: "Hold a slot for you for a few minutes (the store's policy) while you finish booking",
    description: 'Only what is bookable online. Book it with `POST /v1/me/appointments` and its `holdId`; nobody else can take it meanwhile.',
  })
  @ApiCreatedResponse({ type: HoldResponseDto })
  @SlotProblems()
  hold(@CurrentActor() actor: Actor, @Body() body: CreateMyHoldDto): Promise<HoldResponseDto> {
    return this.appointments.hold(actor, body);
  }

  @Delete('appointment-holds/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Let your hold go before it expires' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The hold', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  @ApiNoContentResponse({ description: 'Released: the time is free again' })
  @ApiProblem(404, 'appointment_hold.not_found', 'No such hold of yours (it may have expired and been swept)')
  releaseHold(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.appointments.releaseHold(actor, id);
  }

  @Post('appointments')
  @Idempotent()
  @ApiOperation({
    summary: 'Book for yourself: from your hold, or directly at a time',
    description:
      "Only what is bookable online, on your app's channel, within the store's minimum notice and horizon. Of two requests for one slot one wins, the other gets 409 " +
      '`appointment.slot_taken` with the nearest free times. Send an `Idempotency-Key` to retry safely.',
  })
  @ApiCreatedResponse({ type: AppointmentResponseDto, description: 'Booked; `Location` names it' })
  @SlotProblems()
  @ApiProblem(410, 'appointment_hold.expired', 'The hold expired and its time was released; or (`appointment_hold.not_found`, 404) there is no such hold of yours')
  book(@CurrentActor() actor: Actor, @Body() body: CreateMyAppointmentDto): Promise<AppointmentResponseDto> {
    return this.appointments.book(actor, body);
  }

  @Post('appointments/:id/reschedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move your appointment to a new start (every service moves together; the same staff unless you say otherwise)',
    description: "Only booked or confirmed appointments move, to a time the store's rules allow (minimum notice, horizon, working time).",
  })
  @ID()
  @OPTIONAL_IF_MATCH()
  @ApiOkResponse({ type: AppointmentResponseDto })
  @SlotProblems()
  @ApiProblem(404, 'appointment.not_found', NOT_FOUND)
  @ApiProblem(409, 'appointment.not_reschedulable', 'Only booked or confirmed appointments can be moved (`status` says what it is)')
  @ApiProblem(412, 'request.stale_version', 'The appointment changed since you read it', CommonErrors.preconditionFailed())
  reschedule(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @OptionalIfMatch() version: number | undefined,
    @Body() body: RescheduleAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.reschedule(actor, id, body, version);
  }

  @Post('appointments/:id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel your appointment',
    description: "Inside the store's cancellation window it is a late cancellation (`lateCancellation`, and the store's fee, if any, for checkout to collect).",
  })
  @ID()
  @OPTIONAL_IF_MATCH()
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiProblem(404, 'appointment.not_found', NOT_FOUND)
  @ApiProblem(409, 'appointment.invalid_transition', 'It cannot be cancelled any more (`status` says what it is)')
  @ApiProblem(412, 'request.stale_version', 'The appointment changed since you read it', CommonErrors.preconditionFailed())
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @OptionalIfMatch() version: number | undefined,
    @Body() body: CancelMyAppointmentDto,
  ): Promise<AppointmentResponseDto> {
    return this.appointments.cancel(actor, id, body.reason ?? null, version);
  }
}
