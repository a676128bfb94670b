import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { TimeOffErrors } from '../scheduling.errors.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { ApproveTimeOffDto, RefuseTimeOffDto, TimeOffRequestsQueryDto, TimeOffResponseDto } from './dto/time-off.dto.js';
import { timeOffStates } from './time-off-state.js';
import { TimeOffRequestsService } from './time-off-requests.service.js';

const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The time-off request', example: '5c0e7a4b-2d1f-4e8a-9b3c-6d7e8f9a0b12' });
const NotFound = () => ApiProblem(404, 'time_off.not_found', 'No such request, or it is of someone outside your stores');
const SelfApproval = () =>
  ApiProblem(
    403,
    'time_off.self_approval',
    'It is your own time off: another manager, or an owner, decides it; or your role or API key scope may not do this',
    TimeOffErrors.selfApproval(),
  );
const Decided = () =>
  ApiProblem(
    409,
    'time_off.invalid_transition',
    'It is no longer waiting for a decision: `currentState` says what it is (someone decided or cancelled it first)',
    StateErrors.invalidTransition(timeOffStates, 'approved', 'refused'),
  );

@ApiTags('time-off')
@Controller('v1/time-off-requests')
export class TimeOffRequestsController {
  constructor(@Inject(TimeOffRequestsService) private readonly requests: TimeOffRequestsService) {}

  @Get()
  @Allow({ roles: MANAGERS, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'The time-off requests of the staff of your stores, oldest first (waiting for a decision unless `status` says otherwise)' })
  @ApiPageResponse(TimeOffResponseDto, 'One page of requests, oldest first')
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours; or (`staff_member.not_found`) `staffMemberId` someone outside your stores')
  list(@CurrentActor() actor: Actor, @Query() query: TimeOffRequestsQueryDto): Promise<Page<TimeOffResponseDto>> {
    return this.requests.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: MANAGERS, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read one time-off request' })
  @IdParam()
  @ApiOkResponse({ type: TimeOffResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<TimeOffResponseDto> {
    return this.requests.get(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Approve a time-off request (managers of one of their stores, owners): their working time is removed and they are told (in-app and e-mail)',
  })
  @IdParam()
  @ApiBody({ type: ApproveTimeOffDto, required: false })
  @ApiOkResponse({ type: TimeOffResponseDto, description: 'The request, now `approved`' })
  @SelfApproval()
  @NotFound()
  @Decided()
  approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ApproveTimeOffDto): Promise<TimeOffResponseDto> {
    return this.requests.approve(actor, id, body);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Refuse a time-off request, saying why (managers of one of their stores, owners): they are told (in-app and e-mail)' })
  @IdParam()
  @ApiOkResponse({ type: TimeOffResponseDto, description: 'The request, now `refused`' })
  @SelfApproval()
  @NotFound()
  @Decided()
  refuse(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RefuseTimeOffDto): Promise<TimeOffResponseDto> {
    return this.requests.refuse(actor, id, body);
  }
}
