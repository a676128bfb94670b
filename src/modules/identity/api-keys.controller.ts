import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, SCOPES } from '../../common/auth/index.js';
import { ApiPageResponse, mapPage, PageQueryDto, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../common/openapi/index.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto, PutApiKeyStoresDto, toApiKeyResponse } from './dto/api-key.dto.js';
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
      'The answer carries the secret (`key`) this once: Bloom stores only a hash. Send it as `X-Api-Key`.\n\n' +
      'A key may be limited to some stores (`storeIds`), like a manager: it then reaches only their data, and other stores answer 404 `store.not_found`.\n\nScopes:\n' +
      Object.entries(SCOPES)
        .map(([scope, meaning]) => `- \`${scope}\`: ${meaning}`)
        .join('\n'),
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiProblem(400, 'api_key.unknown_scope', 'A scope is not one Bloom knows')
  @ApiReferenceNotFound('storeIds', 'store', 'A store in `storeIds` does not exist (`missingIds` lists them)')
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

  @Put(':id/stores')
  @ApiOperation({
    summary: 'Limit an API key to some stores (or lift the limit)',
    description: 'Replaces the list of stores the key may reach; `[]` means every store. Takes effect at its next request.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiProblem(404, 'api_key.not_found', NOT_FOUND)
  @ApiReferenceNotFound('storeIds', 'store', 'A store in `storeIds` does not exist (`missingIds` lists them)')
  async putStores(@IdParam('api_key') id: string, @Body() body: PutApiKeyStoresDto): Promise<ApiKeyResponseDto> {
    return toApiKeyResponse(await this.apiKeys.putStores(id, body));
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
