import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { CreateResourceDto, ResourceListQueryDto, ResourceResponseDto, ResourceWithWarningsDto, UpdateResourceDto } from './dto/resource.dto.js';
import { READ, ResourceIdParam, ResourceNotFound, WRITE } from './resources-openapi.js';
import { ResourcesService } from './resources.service.js';

const NameTaken = () => ApiProblem(409, 'resource.name_taken', 'The store already has a resource with this name, regardless of case (`errors[]` names `name`)');

@ApiTags('resources')
@Controller('v1/resources')
export class ResourcesController {
  constructor(@Inject(ResourcesService) private readonly resources: ResourcesService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'The rooms, beds, chairs and machines of the stores you can see, by name' })
  @ApiPageResponse(ResourceResponseDto, 'One page of resources, by name')
  @ApiProblem(404, 'store.not_found', "`storeId` names no store visible to you (another store's id answers the same)")
  list(@CurrentActor() actor: Actor, @Query() query: ResourceListQueryDto): Promise<Page<ResourceResponseDto>> {
    return this.resources.list(actor, query);
  }

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Add a room, bed, chair or machine to a store (owners, managers of the store)',
    description: '`warnings` lists what deserves a second look without stopping the change: a type no active service requires (a typo?).',
  })
  @ApiCreatedResponse({ type: ResourceWithWarningsDto })
  @ApiProblem(404, 'store.not_found', "`storeId` names no store visible to you (another store's id answers the same)")
  @NameTaken()
  @ApiProblem(422, 'reference.not_found', '`storeId` names no store (`errors[]` names it)')
  create(@CurrentActor() actor: Actor, @Body() body: CreateResourceDto): Promise<ResourceWithWarningsDto> {
    return this.resources.create(actor, body);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'Read a resource (inactive ones too)' })
  @ResourceIdParam()
  @ApiOkResponse({ type: ResourceResponseDto, description: 'The resource; `ETag` carries its version' })
  @ResourceNotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ResourceResponseDto> {
    return this.resources.get(actor, id);
  }

  @Patch(':id')
  @Allow(WRITE)
  @ApiOperation({ summary: 'Rename a resource, change its type or note (owners, managers of its store); If-Match required' })
  @ResourceIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ResourceWithWarningsDto })
  @ResourceNotFound()
  @NameTaken()
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateResourceDto): Promise<ResourceWithWarningsDto> {
    return this.resources.update(actor, id, version, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Take a resource out of use: it is no longer booked, its history stays (owners, managers of its store; idempotent)' })
  @ResourceIdParam()
  @ApiOkResponse({ type: ResourceResponseDto })
  @ResourceNotFound()
  deactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ResourceResponseDto> {
    return this.resources.setStatus(actor, id, 'inactive');
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Put a deactivated resource back in use (owners, managers of its store; idempotent)' })
  @ResourceIdParam()
  @ApiOkResponse({ type: ResourceResponseDto })
  @ResourceNotFound()
  reactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ResourceResponseDto> {
    return this.resources.setStatus(actor, id, 'active');
  }
}
