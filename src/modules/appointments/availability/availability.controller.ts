import { applyDecorators, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { AvailabilityService } from './availability.service.js';
import { AvailabilityQueryDto, AvailabilityResponseDto, NearestQueryDto } from './dto/availability.dto.js';

const Problems = () =>
  applyDecorators(
    ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)"),
    ApiProblem(
      422,
      'availability.variation_unavailable',
      'A variation names nothing, is not offered in this store, or (online) cannot be booked online; `errors[]` names each, e.g. `variationIds[1]`',
    ),
  );

@ApiTags('availability')
@Controller('v1/availability')
export class AvailabilityController {
  constructor(@Inject(AvailabilityService) private readonly availability: AvailabilityService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: ['appointments:read'], publishable: true })
  @ApiOperation({
    summary: 'Free start times for one or more services in a store, each with a proposal (staff, resource, times, price by level)',
    description:
      "Respects the store's hours and closures, each person's working time (shifts, breaks, time off), existing appointments and live holds " +
      '(during a processing block the staff member is free for someone else, the chair is not), clean-up buffers, skills, levels, resources ' +
      "and their maintenance, and the store's booking policy (slot step, minimum notice, horizon, daily cap per staff member). " +
      "Dates are local to the store; at most 31 days. Proposals prefer the customer's preferred staff, then the least booked that day.\n\n" +
      "Customers' apps (a publishable key or a customer session) see only what is bookable online (`online` is forced true), in their key's " +
      'store(s); a customer session is its own `customerId`.',
  })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: dates, ids, a range reversed or over 31 days')
  @Problems()
  search(@CurrentActor() actor: Actor, @Query() query: AvailabilityQueryDto): Promise<AvailabilityResponseDto> {
    return this.availability.search(actor, query);
  }

  @Get('nearest')
  @Allow({ roles: ALL_STAFF, scopes: ['appointments:read'], publishable: true })
  @ApiOperation({
    summary: 'The free start times nearest a wanted one (it is taken): the same day first, the staff asked for first',
    description: 'Looks up to 7 days either side of `at`. `staffMemberIds` are preferred here, not required.',
  })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field')
  @Problems()
  nearest(@CurrentActor() actor: Actor, @Query() query: NearestQueryDto): Promise<AvailabilityResponseDto> {
    return this.availability.nearest(actor, query);
  }
}
