import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/http/etag.js';
import { ApiPageResponse, mapPage, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../common/openapi/index.js';
import { CreateUserDto, ResetPasswordDto, toUserResponse, UpdateUserDto, UserListQueryDto, UserResponseDto } from './dto/user.dto.js';
import { IdParam } from './id-param.js';
import { IdentityErrors } from './identity.errors.js';
import { passwordProblems } from './password-rules.js';
import { UsersService } from './users.service.js';

const NOT_FOUND = 'No such user, or one outside your stores';
const NOT_MANAGEABLE = 'Managers manage receptionists and beauticians of their own stores only';

@ApiTags('users')
@Controller('v1/users')
@Allow({ roles: MANAGERS })
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    summary: 'List staff users',
    description:
      'Owners see everyone; managers see the users of their stores, and of each user only the store ids they can see. ' +
      'Filtering by a store you cannot see answers an empty page.',
  })
  @ApiPageResponse(UserResponseDto)
  async list(@CurrentActor() actor: Actor, @Query() query: UserListQueryDto): Promise<Page<UserResponseDto>> {
    return mapPage(await this.users.list(actor, query), toUserResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a staff user' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblem(404, 'user.not_found', NOT_FOUND)
  async get(@CurrentActor() actor: Actor, @IdParam('user') id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.get(actor, id));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a staff user',
    description: 'Owners create anyone; managers create receptionists and beauticians of their own stores.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiProblem(
    400,
    'user.weak_password',
    'The password is too short or of one kind of character (also user.login_required, user.stores_required)',
    IdentityErrors.weakPassword('password', passwordProblems('spring')),
  )
  @ApiProblem(403, 'user.role_not_allowed', 'Managers may not create owners or managers')
  @ApiProblem(409, 'user.email_taken', 'Another user signs in with this e-mail (or user.phone_taken)')
  @ApiReferenceNotFound('storeIds', 'store', 'A store in `storeIds` does not exist or is not yours (`missingIds` lists them)')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserResponseDto> {
    return toUserResponse(await this.users.create(actor, body));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a staff user',
    description:
      'Name, e-mail, phone, role and stores. Send If-Match with the ETag of your last read. A change of role or stores ' +
      'ends every access token issued to the user so far (their sessions go on: they refresh for a token with the new access).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiIfMatch()
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblem(403, 'user.not_manageable', NOT_MANAGEABLE)
  @ApiProblem(404, 'user.not_found', NOT_FOUND)
  @ApiProblem(409, 'user.last_owner', 'The last active owner cannot stop being an owner (also user.email_taken, user.phone_taken)')
  @ApiReferenceNotFound('storeIds', 'store', 'A store in `storeIds` does not exist or is not yours (`missingIds` lists them)')
  async update(@CurrentActor() actor: Actor, @IdParam('user') id: string, @IfMatchVersion() version: number, @Body() body: UpdateUserDto): Promise<UserResponseDto> {
    return toUserResponse(await this.users.update(actor, id, version, body));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable a staff user',
    description: 'They can no longer sign in; every session and access token of theirs ends at once. Nobody disables themselves.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblem(403, 'user.not_manageable', NOT_MANAGEABLE)
  @ApiProblem(404, 'user.not_found', NOT_FOUND)
  @ApiProblem(409, 'user.last_owner', 'The last active owner cannot be disabled (also user.cannot_disable_self)')
  async disable(@CurrentActor() actor: Actor, @IdParam('user') id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.disable(actor, id));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled staff user', description: 'They can sign in again.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblem(403, 'user.not_manageable', NOT_MANAGEABLE)
  @ApiProblem(404, 'user.not_found', NOT_FOUND)
  async enable(@CurrentActor() actor: Actor, @IdParam('user') id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.enable(actor, id));
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password for a staff user', description: 'For forgotten passwords. Every session and access token of the user ends.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'The password is set' })
  @ApiProblem(400, 'user.weak_password', 'The password is too short or of one kind of character')
  @ApiProblem(403, 'user.not_manageable', NOT_MANAGEABLE)
  @ApiProblem(404, 'user.not_found', NOT_FOUND)
  async resetPassword(@CurrentActor() actor: Actor, @IdParam('user') id: string, @Body() body: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(actor, id, body.password);
  }
}
