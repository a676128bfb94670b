import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { ResourceErrors } from '../scheduling.errors.js';
import { CreateResourceBlockDto, ResourceBlockListQueryDto, ResourceBlockResponseDto } from './dto/resource-block.dto.js';
import { ResourceBlocksService } from './resource-blocks.service.js';
import { READ, ResourceIdParam, ResourceNotFound, WRITE } from './resources-openapi.js';

const BlockIdParam = () => ApiParam({ name: 'blockId', format: 'uuid', description: 'A maintenance block of the resource', example: '1e3a5c7e-9b2d-4f6a-8c0e-2b4d6f8a0c35' });
const BlockNotFound = () => ApiProblem(404, 'resource_block.not_found', 'The resource has no such block, or (`resource.not_found`) the resource is not visible to you');

@ApiTags('resources')
@Controller('v1/resources/:id/blocks')
export class ResourceBlocksController {
  constructor(@Inject(ResourceBlocksService) private readonly blocks: ResourceBlocksService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'When a resource is out of service, soonest first (those overlapping `from`–`to` when given)' })
  @ResourceIdParam()
  @ApiPageResponse(ResourceBlockResponseDto, 'One page of maintenance blocks, in start order')
  @ResourceNotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ResourceBlockListQueryDto): Promise<Page<ResourceBlockResponseDto>> {
    return this.blocks.list(actor, id, query);
  }

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Take a resource out of service from `start` to `end` (owners, managers of its store)',
    description: "At most 366 days; blocks of one resource never overlap. Times are instants with their offset (the store's, usually).",
  })
  @ResourceIdParam()
  @ApiCreatedResponse({ type: ResourceBlockResponseDto })
  @ResourceNotFound()
  @ApiProblem(
    409,
    'resource_block.overlap',
    'Another block of the resource covers part of this time; `conflictingBlockId` names it',
    ResourceErrors.blockOverlap(
      {
        id: '1e3a5c7e-9b2d-4f6a-8c0e-2b4d6f8a0c35',
        start: new Date('2027-03-02T01:00:00Z'),
        end: new Date('2027-03-02T05:00:00Z'),
        reason: '蒸汽机年检',
      },
      'Asia/Shanghai',
    ),
  )
  create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateResourceBlockDto): Promise<ResourceBlockResponseDto> {
    return this.blocks.create(actor, id, body);
  }

  @Get(':blockId')
  @Allow(READ)
  @ApiOperation({ summary: 'Read a maintenance block' })
  @ResourceIdParam()
  @BlockIdParam()
  @ApiOkResponse({ type: ResourceBlockResponseDto })
  @BlockNotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('blockId') blockId: string): Promise<ResourceBlockResponseDto> {
    return this.blocks.get(actor, id, blockId);
  }

  @Delete(':blockId')
  @HttpCode(204)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Remove a maintenance block: the resource is in service then again (owners, managers of its store)' })
  @ResourceIdParam()
  @BlockIdParam()
  @ApiNoContentResponse({ description: 'Removed' })
  @BlockNotFound()
  remove(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('blockId') blockId: string): Promise<void> {
    return this.blocks.remove(actor, id, blockId);
  }
}
