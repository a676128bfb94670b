import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { ApiPageResponse, PageQueryDto, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../privacy/customer-access.js';
import { FilterNotAllowed, RateLimited } from '../search/customer-search.errors.js';
import { CustomerResponseDto } from '../dto/customer-response.dto.js';
import { CreateSegmentDto, SegmentCountResponseDto, SegmentListQueryDto, SegmentResponseDto, UpdateSegmentDto } from '../dto/segment.dto.js';
import { SegmentsService } from './segments.service.js';

const SegmentIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The segment', example: '5b0c8a4e-1d2f-4c3b-8e9a-7f6d5c4b3a21' });
const NotFound = () => ApiProblem(404, 'segment.not_found', 'No such segment');
const NameTaken = () => ApiProblem(409, 'segment.name_taken', 'Another segment already has this name (regardless of case)');

/** Saved customer searches that promotions and campaigns target; counts and members are always live. */
@ApiTags('segments')
@Controller('v1/segments')
export class SegmentsController {
  constructor(@Inject(SegmentsService) private readonly segments: SegmentsService) {}

  @Post()
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Save a customer search as a segment (owners, managers)',
    description: '`criteria` takes the filters of GET /v1/customers, validated by the same rules; errors name `criteria.<filter>`.',
  })
  @ApiCreatedResponse({ type: SegmentResponseDto })
  @NameTaken()
  create(@CurrentActor() actor: Actor, @Body() body: CreateSegmentDto): Promise<SegmentResponseDto> {
    return this.segments.create(actor, body);
  }

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'List the segments, newest first' })
  @ApiPageResponse(SegmentResponseDto)
  list(@CurrentActor() actor: Actor, @Query() query: SegmentListQueryDto): Promise<Page<SegmentResponseDto>> {
    return this.segments.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read a segment' })
  @SegmentIdParam()
  @ApiOkResponse({ type: SegmentResponseDto, description: 'The segment; `ETag` carries its version' })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SegmentResponseDto> {
    return this.segments.get(actor, id);
  }

  @Patch(':id')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Rename a segment or change its criteria (owners, managers); If-Match required' })
  @SegmentIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: SegmentResponseDto })
  @NotFound()
  @NameTaken()
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateSegmentDto): Promise<SegmentResponseDto> {
    return this.segments.update(actor, id, version, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Delete a segment (owners, managers); its customers are untouched' })
  @SegmentIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @NotFound()
  remove(@Param('id') id: string): Promise<void> {
    return this.segments.remove(id);
  }

  @Get(':id/count')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'Count the customers in a segment now (computed live on every call)',
    description:
      'Refused (403) to beauticians and API keys without `customers:pii` when the criteria filter by personal data they see masked (whole phone, e-mail, age, birthday month).',
  })
  @SegmentIdParam()
  @ApiOkResponse({ type: SegmentCountResponseDto })
  @NotFound()
  @FilterNotAllowed()
  count(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SegmentCountResponseDto> {
    return this.segments.countFor(actor, id);
  }

  @Get(':id/customers')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'List the customers in a segment now, newest first',
    description:
      'The same privacy as GET /v1/customers: masked for beauticians and API keys without `customers:pii`, who may not list a segment ' +
      "whose criteria filter by what they see masked (403); full reads by keys are audited. Each page counts against the caller's look-up limit (429).",
  })
  @SegmentIdParam()
  @ApiPageResponse(CustomerResponseDto, "One page of the segment's customers, newest first")
  @NotFound()
  @FilterNotAllowed()
  @RateLimited()
  members(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<CustomerResponseDto>> {
    return this.segments.members(actor, id, query);
  }
}
