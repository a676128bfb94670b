import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StoreScoped } from '../../stores/index.js';
import { READ_SCOPES } from '../staff-access.js';
import { RosterQueryDto, RosterResponseDto } from './dto/roster.dto.js';
import { RosterService } from './roster.service.js';

@ApiTags('shifts')
@Controller('v1/stores/:id')
@StoreScoped('id')
export class RosterController {
  constructor(@Inject(RosterService) private readonly rosters: RosterService) {}

  @Get('roster')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: "A store's roster: who works when, with breaks, time off and the staff per skill per hour (at most 31 days)",
    description:
      "Dates are local to the store. Lists the store's active staff and anyone with a shift there on these dates, each with their scheduled shifts, " +
      'time off (approved, or pending when requested and not yet decided) and working intervals (shifts minus breaks, approved time off and the ' +
      "store's closures). `coverage` has one entry per local hour in which anyone works: `staff` counts the staff working at least 30 minutes of " +
      'that hour, and `skills` how many of them have each skill. On a day the clocks change the day has 23 or 25 hours; `start` tells apart an hour that happens twice.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The store', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @ApiOkResponse({ type: RosterResponseDto })
  @ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)")
  roster(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: RosterQueryDto): Promise<RosterResponseDto> {
    return this.rosters.roster(actor, id, query);
  }
}
