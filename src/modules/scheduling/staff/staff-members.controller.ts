import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import type { Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../../common/openapi/index.js';
import { StaffErrors } from '../scheduling.errors.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { CreateStaffMemberDto, StaffListQueryDto, StaffMemberPageDto, StaffMemberResponseDto, StaffMemberWriteResponseDto, UpdateStaffMemberDto } from './dto/staff-member.dto.js';
import { StaffMembersService } from './staff-members.service.js';

const StaffIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The staff member', example: '7a3f9c1e-2b5d-4e8f-9a0b-1c2d3e4f5a6b' });
const NotFound = () => ApiProblem(404, 'staff_member.not_found', 'No such staff member is visible to you (a beautician sees only themselves, other staff those of their stores)');
const BadReference = () =>
  ApiReferenceNotFound(
    'storeIds',
    'store',
    'A store in `storeIds` does not exist or is not one of yours, or no staff level has this `levelId`, or no user this `userId`; or (`staff_level.archived`) the level is archived',
  );
const UserLinked = () =>
  ApiProblem(
    409,
    'staff_member.user_linked',
    'This `userId` is already linked to another staff member (`linkedStaffMemberId`)',
    StaffErrors.userLinked('7a3f9c1e-2b5d-4e8f-9a0b-1c2d3e4f5a6b'),
  );

@ApiTags('staff')
@Controller('v1/staff')
export class StaffMembersController {
  constructor(@Inject(StaffMembersService) private readonly staff: StaffMembersService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'List the staff members you may see, newest first',
    description: 'Owners and API keys not limited to stores see everyone; managers, receptionists and store-limited keys the staff of their stores; a beautician only themselves.',
  })
  @ApiOkResponse({ type: StaffMemberPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: StaffListQueryDto): Promise<Page<StaffMemberResponseDto>> {
    return this.staff.list(actor, query);
  }

  @Get('me')
  @Allow({ roles: ALL_STAFF })
  @ApiOperation({ summary: 'Your own staff record (the one linked to your sign-in)' })
  @ApiOkResponse({ type: StaffMemberResponseDto, description: 'Your record; `ETag` carries its version' })
  @ApiProblem(404, 'staff_member.no_record', 'Your sign-in is not linked to a staff member')
  me(@CurrentActor() actor: Actor): Promise<StaffMemberResponseDto> {
    return this.staff.me(actor);
  }

  @Get(':id')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read a staff member, with level, stores and skills' })
  @StaffIdParam()
  @ApiOkResponse({ type: StaffMemberResponseDto, description: 'The staff member; `ETag` carries its version' })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StaffMemberResponseDto> {
    return this.staff.get(actor, id);
  }

  @Post()
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Add a staff member (owners; managers for their own stores)',
    description: '`warnings` lists skills no service requires yet (a typo?): they are saved all the same.',
  })
  @ApiCreatedResponse({ type: StaffMemberWriteResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field, e.g. a skill listed twice (`skills[2].skill`) or a colour that is not #RRGGBB')
  @BadReference()
  @UserLinked()
  create(@CurrentActor() actor: Actor, @Body() body: CreateStaffMemberDto): Promise<StaffMemberWriteResponseDto> {
    return this.staff.create(actor, body);
  }

  @Patch(':id')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Change a staff member (owners; managers of one of their stores); If-Match required',
    description:
      '`storeIds` and `skills` replace the lists whole. A manager gives and takes away only the stores they manage; the others stay as they were. ' +
      '`warnings` lists skills no service requires yet.',
  })
  @StaffIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: StaffMemberWriteResponseDto })
  @NotFound()
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field, e.g. a skill listed twice (`skills[2].skill`) or a colour that is not #RRGGBB')
  @BadReference()
  @ApiProblem(
    409,
    'staff_member.has_future_shifts',
    'A store taken away from `storeIds` still has scheduled shifts of this staff member to come; or (`staff_member.user_linked`) this `userId` is linked to another staff member',
    StaffErrors.hasFutureShifts(['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10']),
  )
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateStaffMemberDto): Promise<StaffMemberWriteResponseDto> {
    return this.staff.update(actor, id, version, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Deactivate a staff member who left or pauses: kept for history, no longer booked (idempotent)' })
  @StaffIdParam()
  @ApiOkResponse({ type: StaffMemberResponseDto })
  @NotFound()
  deactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StaffMemberResponseDto> {
    return this.staff.deactivate(actor, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Make an inactive staff member active again (idempotent)' })
  @StaffIdParam()
  @ApiOkResponse({ type: StaffMemberResponseDto })
  @NotFound()
  reactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StaffMemberResponseDto> {
    return this.staff.reactivate(actor, id);
  }
}
