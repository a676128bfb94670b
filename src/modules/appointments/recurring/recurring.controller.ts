import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { CancelSeriesDto, CREATE_RECURRING_EXAMPLES, CreateRecurringAppointmentsDto, RecurringBookingResponseDto, SeriesCancelResponseDto } from './dto/recurring.dto.js';
import { RecurringService } from './recurring.service.js';

/** Booked at the desk: receptionists and up, and API keys that may book. */
const WRITE = { roles: ['owner', 'manager', 'receptionist'], scopes: ['appointments:write'] } as const;
const EXAMPLE_SERIES = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

@ApiTags('recurring-appointments')
@Controller('v1/appointments')
export class RecurringController {
  constructor(@Inject(RecurringService) private readonly recurring: RecurringService) {}

  @Post('recurring')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Book a series: the same services every N weeks at the same local time, M times',
    description:
      'The fields of a booking at the desk (`POST /v1/appointments` without `holdId`), plus `everyWeeks` (1–8) and `occurrences` (2–26, the first included). ' +
      "Each occurrence is at the first one's wall time in the store's zone (10:00 stays 10:00 across a DST change) and is checked and booked on its own: " +
      'those that cannot be booked (a taken slot, outside working time, beyond the horizon) are listed in `conflicts` with the code and detail of the problem, ' +
      'the rest are booked and share `seriesId`. A bad request (a field, an unknown store) answers as a single booking would.',
  })
  @ApiBody({ type: CreateRecurringAppointmentsDto, examples: CREATE_RECURRING_EXAMPLES })
  @ApiCreatedResponse({
    type: RecurringBookingResponseDto,
    description: 'The series; `Location` names its first appointment',
    headers: locationHeader('The first appointment: `/v1/appointments/{id}`'),
  })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field (`everyWeeks`, `occurrences`, and those of a booking)')
  @ApiProblem(404, 'store.not_found', 'No such store among yours', AppointmentErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  @ApiProblem(
    422,
    'appointment.recurring_none_booked',
    'No occurrence could be booked: `conflicts` says why for each; or (`idempotency.key_reused`) this Idempotency-Key was used for a different request',
    AppointmentErrors.noOccurrenceBooked([{ startsAt: '2027-03-22T14:00:00+08:00', code: 'appointment.slot_taken', detail: 'The slot is taken.' }]),
  )
  @Idempotent()
  async book(@CurrentActor() actor: Actor, @Body() body: CreateRecurringAppointmentsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecurringBookingResponseDto> {
    const series = await this.recurring.book(actor, body);
    void reply.header('location', `/v1/appointments/${series.seriesId}`);
    return series;
  }

  @Post('series/:seriesId/cancel')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: "Cancel a series' occurrences still to come",
    description: 'Each booked or confirmed occurrence that starts after now is cancelled as `POST /v1/appointments/{id}/cancel` would (all or none); past ones stay as they are.',
  })
  @ApiParam({ name: 'seriesId', format: 'uuid', description: 'The series (its first appointment’s id)', example: EXAMPLE_SERIES })
  @ApiOkResponse({ type: SeriesCancelResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`reason` is missing or too long')
  @ApiProblem(404, 'appointment.series_not_found', 'No such series in the stores you see', AppointmentErrors.seriesNotFound(EXAMPLE_SERIES))
  cancel(@CurrentActor() actor: Actor, @Param('seriesId') seriesId: string, @Body() body: CancelSeriesDto): Promise<SeriesCancelResponseDto> {
    return this.recurring.cancelSeries(actor, seriesId, body);
  }
}
