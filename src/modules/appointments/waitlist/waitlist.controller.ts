import { Body, Controller, Delete, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { AppointmentResponseDto } from '../booking/dto/appointment-response.dto.js';
import { CreateWaitlistEntryDto, WaitlistEntryResponseDto, WaitlistQueryDto } from './dto/waitlist.dto.js';
import { waitlistStates } from './waitlist-state.js';
import { WaitlistService } from './waitlist.service.js';

/** The front desk keeps the waitlist: receptionists and up, and API keys with the appointments scopes. */
const DESK = ['owner', 'manager', 'receptionist'] as const;
const READ = { roles: DESK, scopes: ['appointments:read'] } as const;
const WRITE = { roles: DESK, scopes: ['appointments:write'] } as const;

const EntryIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The waitlist entry', example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d' });
const NotFound = () => ApiProblem(404, 'waitlist_entry.not_found', "No such waitlist entry in the stores you see (another store's answers 404 too)");

@ApiTags('waitlist')
@Controller('v1/waitlist')
export class WaitlistController {
  constructor(@Inject(WaitlistService) private readonly waitlist: WaitlistService) {}

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Put a customer on the waitlist for services at a store, within local dates (and a time of day, a staff member)',
    description:
      'When an appointment of exactly these services is cancelled or moved away from a time that suits the entry, the first waiting customers (oldest first, ' +
      'WAITLIST_OFFER_COUNT of them) are offered it: one hold on the slot for WAITLIST_OFFER_MINUTES and a message each (`waitlist.offer`). The first to accept ' +
      '(`POST /v1/waitlist/{id}/accept`) books it. Audited.',
  })
  @ApiCreatedResponse({ type: WaitlistEntryResponseDto, description: 'The entry, `waiting`; `Location` names it' })
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: `dateTo` before `dateFrom`, in the past or over 92 days on, `timeTo` not after `timeFrom` (give both or neither), a staff member who does not do these services here',
  )
  @ApiProblem(404, 'store.not_found', 'No such store among yours', AppointmentErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  @ApiProblem(
    422,
    'availability.variation_unavailable',
    'A variation is not sold at this store (`errors[]` names it); or (`reference.not_found`) `customerId` or `staffMemberId` names no one',
    AppointmentErrors.variationUnavailable([{ field: 'variationIds[0]', message: 'is not a service this store offers' }]),
  )
  create(@CurrentActor() actor: Actor, @Body() body: CreateWaitlistEntryDto): Promise<WaitlistEntryResponseDto> {
    return this.waitlist.create(actor, body);
  }

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'The waitlist of your stores, in queue order (who asked first comes first)' })
  @ApiPageResponse(WaitlistEntryResponseDto, 'One page of entries, oldest first')
  @ApiProblem(404, 'store.not_found', 'No such store among yours', AppointmentErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  list(@CurrentActor() actor: Actor, @Query() query: WaitlistQueryDto): Promise<Page<WaitlistEntryResponseDto>> {
    return this.waitlist.list(actor, query);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'One waitlist entry, with the slot it is offered (while `offered`)' })
  @EntryIdParam()
  @ApiOkResponse({ type: WaitlistEntryResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WaitlistEntryResponseDto> {
    return this.waitlist.get(actor, id);
  }

  @Delete(':id')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Take a customer off the waitlist (the entry is kept, `cancelled`)',
    description: 'An offer they held ends; when no one else was offered the same slot, it is free again at once. Audited.',
  })
  @EntryIdParam()
  @ApiOkResponse({ type: WaitlistEntryResponseDto, description: 'The entry, now `cancelled`' })
  @NotFound()
  @ApiProblem(
    409,
    'waitlist_entry.invalid_transition',
    'It is already booked, cancelled or expired (`currentState`, `allowedStates` say so)',
    StateErrors.invalidTransition(waitlistStates, 'booked', 'cancelled'),
  )
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WaitlistEntryResponseDto> {
    return this.waitlist.cancel(actor, id);
  }

  @Post(':id/accept')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'The customer said yes: book the slot they are offered',
    description:
      'Books the offer’s hold for the entry’s customer (channel `phone`: they answered the store). The first accept of a slot wins; the others ' +
      'offered it go back to waiting. Audited.',
  })
  @EntryIdParam()
  @ApiCreatedResponse({
    type: AppointmentResponseDto,
    description: 'The appointment; `Location` names it',
    headers: locationHeader('The appointment: `/v1/appointments/{id}`'),
  })
  @NotFound()
  @ApiProblem(
    409,
    'waitlist.offer_taken',
    'Another waiting customer accepted this slot first; or (`waitlist.offer_expired`) the offer ran out; or (`waitlist.not_offered`) the entry has no offer; ' +
      'or (`idempotency.in_flight`) a request with this Idempotency-Key is still running',
    AppointmentErrors.offerTaken(),
  )
  @Idempotent()
  async accept(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AppointmentResponseDto> {
    const appointment = await this.waitlist.accept(actor, id);
    void reply.header('location', `/v1/appointments/${appointment.id}`);
    return appointment;
  }
}
