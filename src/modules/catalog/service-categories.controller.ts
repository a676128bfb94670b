import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/http/etag.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { READ, WRITE } from './catalog-access.js';
import { CategoryIdParam } from './catalog-openapi.js';
import { CreateServiceCategoryDto, ServiceCategoryListQueryDto, ServiceCategoryResponseDto, UpdateServiceCategoryDto } from './dto/category.dto.js';
import { ServiceCategoriesService } from './service-categories.service.js';

const NotFound = () => ApiProblem(404, 'service_category.not_found', 'No such service category');

@ApiTags('service-categories')
@Controller('v1/service-categories')
export class ServiceCategoriesController {
  constructor(@Inject(ServiceCategoriesService) private readonly categories: ServiceCategoriesService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: 'List service categories in menu order',
    description:
      'Ordered by `sortOrder`, then id. The usual categories (hair cut and styling, colouring, perm, hair care, facial and skin care, nails, massage and spa) come seeded.',
  })
  @ApiPageResponse(ServiceCategoryResponseDto, 'One page of categories, in menu order')
  list(@Query() query: ServiceCategoryListQueryDto): Promise<Page<ServiceCategoryResponseDto>> {
    return this.categories.list(query);
  }

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Add a service category (owners)' })
  @ApiCreatedResponse({ type: ServiceCategoryResponseDto })
  @ApiProblem(409, 'service_category.code_taken', 'Another category already uses this code; or (`idempotency.in_flight`) a request with this Idempotency-Key is still running')
  create(@Body() body: CreateServiceCategoryDto): Promise<ServiceCategoryResponseDto> {
    return this.categories.create(body);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'Read a service category (archived ones too)' })
  @CategoryIdParam()
  @ApiOkResponse({ type: ServiceCategoryResponseDto, description: 'The category; `ETag` carries its version' })
  @NotFound()
  get(@Param('id') id: string): Promise<ServiceCategoryResponseDto> {
    return this.categories.get(id);
  }

  @Patch(':id')
  @Allow(WRITE)
  @ApiOperation({ summary: 'Change a service category (owners); If-Match required' })
  @CategoryIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ServiceCategoryResponseDto })
  @NotFound()
  @ApiProblem(409, 'service_category.code_taken', 'Another category already uses this code')
  update(@Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateServiceCategoryDto): Promise<ServiceCategoryResponseDto> {
    return this.categories.update(id, version, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Archive a category: it takes no new services; its services stay as they are (owners; idempotent)' })
  @CategoryIdParam()
  @ApiOkResponse({ type: ServiceCategoryResponseDto })
  @NotFound()
  archive(@Param('id') id: string): Promise<ServiceCategoryResponseDto> {
    return this.categories.archive(id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Restore an archived category (owners; idempotent)' })
  @CategoryIdParam()
  @ApiOkResponse({ type: ServiceCategoryResponseDto })
  @NotFound()
  restore(@Param('id') id: string): Promise<ServiceCategoryResponseDto> {
    return this.categories.restore(id);
  }
}
