import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { TimeOffErrors } from '../scheduling.errors.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { CancelTimeOffDto, CREATE_TIME_OFF_EXAMPLES, CreateTimeOffDto, StaffTimeOffQueryDto, TimeOffResponseDto } from './dto/time-off.dto.js';
import { timeOffStates } from './time-off-state.js';
import { TimeOffService } from './time-off.service.js';

const StaffIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The staff member', example: '8d3f2a1b-6c5e-4d7f-8a9b-0c1d2e3f4a56' });
const TimeOffIdParam = () => ApiParam({ name: 'timeOffId', format: 'uuid', description: 'The time off', example: '5c0e7a4b-2d1f-4e8a-9b3c-6d7e8f9a0b12' });
const NO_STAFF = 'No such staff member is visible to you (a beautician sees only themselves; managers and the front desk the staff of their stores)';

@ApiTags('time-off')
@Controller('v1/staff/:id/time-off')
export class StaffTimeOffController {
  constructor(@Inject(TimeOffService) private readonly timeOff: TimeOffService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: "List a person's time off, in start order (themselves, and staff who see them)" })
  @StaffIdParam()
  @ApiPageResponse(TimeOffResponseDto, 'One page of their time off, soonest start first')
  @ApiProblem(404, 'staff_member.not_found', NO_STAFF)
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: StaffTimeOffQueryDto): Promise<Page<TimeOffResponseDto>> {
    return this.timeOff.list(actor, id, query);
  }

  @Get(':timeOffId')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read one time off of a person' })
  @StaffIdParam()
  @TimeOffIdParam()
  @ApiOkResponse({ type: TimeOffResponseDto })
  @ApiProblem(404, 'time_off.not_found', `This person has no such time off; or (\`staff_member.not_found\`) ${NO_STAFF}`)
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('timeOffId') timeOffId: string): Promise<TimeOffResponseDto> {
    return this.timeOff.get(actor, id, timeOffId);
  }

  @Post()
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Ask for time off, or enter it for someone (managers)',
    description:
      'Whole days (`startDate`–`endDate`, both counted, in the time zone of their stores; `timeZone` when those are several) or times (`startsAt`–`endsAt`), at most 366 days. ' +
      'A member of staff asks for their own (`requested`; the managers of their stores are told in-app). A manager of one of their stores, or an owner, enters it for ' +
      'anyone, requested or already approved (`approve: true`: they decide it, and the person is told); nobody approves their own except owners. ' +
      'Approved time off removes their working time. Audited.',
  })
  @StaffIdParam()
  @ApiBody({ type: CreateTimeOffDto, examples: CREATE_TIME_OFF_EXAMPLES })
  @ApiCreatedResponse({ type: TimeOffResponseDto })
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: both or neither of the two forms, an end before the start, over 366 days, an unknown `type`, `timeZone` missing where their stores are in several',
  )
  @ApiProblem(
    403,
    'time_off.self_approval',
    'You asked to approve your own time off (only owners may); or (`time_off.managers_only`) you are not a manager and it is not your own; or your role or API key scope may not do this',
    TimeOffErrors.selfApproval(),
  )
  @ApiProblem(404, 'staff_member.not_found', NO_STAFF)
  @ApiProblem(
    409,
    'time_off.overlap',
    'It overlaps their other time off, requested or approved: `otherTimeOffId` names it',
    TimeOffErrors.overlap(
      { id: '5c0e7a4b-2d1f-4e8a-9b3c-6d7e8f9a0b12', status: 'approved', startsAt: new Date('2027-02-28T16:00:00Z'), endsAt: new Date('2027-03-02T16:00:00Z') },
      'startDate',
    ),
  )
  create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateTimeOffDto): Promise<TimeOffResponseDto> {
    return this.timeOff.create(actor, id, body);
  }

  @Post(':timeOffId/cancel')
  @HttpCode(200)
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Cancel time off: a request, or approved time off that has not ended (the person, or a manager); their working time comes back',
  })
  @StaffIdParam()
  @TimeOffIdParam()
  @ApiBody({ type: CancelTimeOffDto, required: false })
  @ApiOkResponse({ type: TimeOffResponseDto, description: 'The time off, now `cancelled`' })
  @ApiProblem(
    403,
    'time_off.managers_only',
    'It is not yours and you are not a manager of their store; or your role or API key scope may not do this',
    TimeOffErrors.managersOnly('cancel time off'),
  )
  @ApiProblem(404, 'time_off.not_found', `This person has no such time off; or (\`staff_member.not_found\`) ${NO_STAFF}`)
  @ApiProblem(
    409,
    'time_off.invalid_transition',
    'It is already refused or cancelled (`currentState`, `allowedStates` say so); or (`time_off.ended`) it is approved time off that has ended',
    StateErrors.invalidTransition(timeOffStates, 'refused', 'cancelled'),
  )
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('timeOffId') timeOffId: string, @Body() body: CancelTimeOffDto): Promise<TimeOffResponseDto> {
    return this.timeOff.cancel(actor, id, timeOffId, body);
  }
}
