import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, SCOPES } from '../../common/auth/index.js';
import { ApiPageResponse, mapPage, PageQueryDto, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto, toApiKeyResponse } from './dto/api-key.dto.js';
import { IdParam } from './id-param.js';

const NOT_FOUND = 'No API key with this id';

@ApiTags('api-keys')
@Controller('v1/api-keys')
@Allow({ roles: ['owner'] })
export class ApiKeysController {
  constructor(@Inject(ApiKeysService) private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The answer carries the secret (`key`) this once: Bloom stores only a hash. Send it as `X-Api-Key`.\n\nScopes:\n' +
      Object.entries(SCOPES)
        .map(([scope, meaning]) => `- \`${scope}\`: ${meaning}`)
        .join('\n'),
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiProblem(400, 'api_key.unknown_scope', 'A scope is not one Bloom knows')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponseDto> {
    const { apiKey, key } = await this.apiKeys.create(actor, body);
    return { ...toApiKeyResponse(apiKey), key };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys', description: 'Revoked and expired keys included; never the secrets.' })
  @ApiPageResponse(ApiKeyResponseDto)
  async list(@Query() query: PageQueryDto): Promise<Page<ApiKeyResponseDto>> {
    return mapPage(await this.apiKeys.list(query), toApiKeyResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an API key (never its secret)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiProblem(404, 'api_key.not_found', NOT_FOUND)
  async get(@IdParam('api_key') id: string): Promise<ApiKeyResponseDto> {
    return toApiKeyResponse(await this.apiKeys.get(id));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Requests with it answer 401 from now on. Revoking twice changes nothing.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiProblem(404, 'api_key.not_found', NOT_FOUND)
  async revoke(@IdParam('api_key') id: string): Promise<ApiKeyResponseDto> {
    return toApiKeyResponse(await this.apiKeys.revoke(id));
  }
}
