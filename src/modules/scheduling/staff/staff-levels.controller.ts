import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import type { Page } from '../../../common/http/pagination.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { CreateStaffLevelDto, StaffLevelListQueryDto, StaffLevelPageDto, StaffLevelResponseDto, UpdateStaffLevelDto } from './dto/staff-level.dto.js';
import { StaffLevelsService } from './staff-levels.service.js';

const LevelIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The staff level', example: '3c9a1e52-7d4b-4f0e-8a21-6b5c4d3e2f10' });
const NotFound = () => ApiProblem(404, 'staff_level.not_found', 'No staff level has this id');
const Taken = () => ApiProblem(409, 'staff_level.code_taken', 'Another level already uses this code; or (`staff_level.rank_taken`) this rank');

@ApiTags('staff-levels')
@Controller('v1/staff-levels')
export class StaffLevelsController {
  constructor(@Inject(StaffLevelsService) private readonly levels: StaffLevelsService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'List the staff levels, most junior first (lowest rank)' })
  @ApiOkResponse({ type: StaffLevelPageDto })
  list(@Query() query: StaffLevelListQueryDto): Promise<Page<StaffLevelResponseDto>> {
    return this.levels.list(query);
  }

  @Post()
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Add a staff level (owners)' })
  @ApiCreatedResponse({ type: StaffLevelResponseDto })
  @Taken()
  create(@Body() body: CreateStaffLevelDto): Promise<StaffLevelResponseDto> {
    return this.levels.create(body);
  }

  @Get(':id')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read a staff level' })
  @LevelIdParam()
  @ApiOkResponse({ type: StaffLevelResponseDto, description: 'The level; `ETag` carries its version' })
  @NotFound()
  get(@Param('id') id: string): Promise<StaffLevelResponseDto> {
    return this.levels.get(id);
  }

  @Patch(':id')
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Rename, re-code or re-rank a staff level (owners); If-Match required' })
  @LevelIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: StaffLevelResponseDto })
  @NotFound()
  @Taken()
  update(@Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateStaffLevelDto): Promise<StaffLevelResponseDto> {
    return this.levels.update(id, version, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Archive a staff level: those who have it keep it, nobody new can be given it (owners; idempotent)' })
  @LevelIdParam()
  @ApiOkResponse({ type: StaffLevelResponseDto })
  @NotFound()
  archive(@Param('id') id: string): Promise<StaffLevelResponseDto> {
    return this.levels.archive(id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Restore an archived staff level (owners; idempotent)' })
  @LevelIdParam()
  @ApiOkResponse({ type: StaffLevelResponseDto })
  @NotFound()
  restore(@Param('id') id: string): Promise<StaffLevelResponseDto> {
    return this.levels.restore(id);
  }
}
