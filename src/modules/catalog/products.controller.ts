import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/http/etag.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { READ, WRITE } from './catalog-access.js';
import { ProductIdParam, ProductNotFound, StoreContextQuery, StoreNotFound } from './catalog-openapi.js';
import { StoreContextQueryDto } from './dto/common.dto.js';
import { ProductResponseDto } from './dto/product-response.dto.js';
import { CreateProductDto, ProductListQueryDto, UpdateProductDto } from './dto/product.dto.js';
import { ProductsService } from './products.service.js';

const BadProduct = () =>
  ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: a negative price (`salePrice.amount`), another currency than the business's (`costPrice.currency`), a missing sale price for a product sold to clients (`salePrice`), a malformed SKU",
  );
const Taken = 'Another product already uses this SKU (`product.sku_taken`, any case) or barcode (`product.barcode_taken`)';

@ApiTags('products')
@Controller('v1/products')
export class ProductsController {
  constructor(@Inject(ProductsService) private readonly products: ProductsService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: 'List products, newest first',
    description:
      'Filters: status (active by default), category, brand, use, and `q` over name, SKU and brand (or the exact barcode). ' +
      "With `storeId`, each product shows that store's sale price. Cost prices are shown to owners, managers and API keys only.",
  })
  @ApiPageResponse(ProductResponseDto, 'One page of products, newest first')
  @StoreNotFound()
  list(@CurrentActor() actor: Actor, @Query() query: ProductListQueryDto): Promise<Page<ProductResponseDto>> {
    return this.products.list(actor, query);
  }

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Add a product (owners); stock comes with inventory' })
  @ApiCreatedResponse({ type: ProductResponseDto })
  @BadProduct()
  @ApiProblem(409, 'product.sku_taken', `${Taken}; or (\`idempotency.in_flight\`) a request with this Idempotency-Key is still running`)
  create(@CurrentActor() actor: Actor, @Body() body: CreateProductDto): Promise<ProductResponseDto> {
    return this.products.create(actor, body);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'Read a product (archived ones too)' })
  @ProductIdParam()
  @StoreContextQuery()
  @ApiOkResponse({ type: ProductResponseDto, description: 'The product; `ETag` carries its version' })
  @StoreNotFound('`product.not_found`: no such product')
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: StoreContextQueryDto): Promise<ProductResponseDto> {
    return this.products.get(actor, id, query);
  }

  @Patch(':id')
  @Allow(WRITE)
  @ApiOperation({ summary: 'Change a product (owners); If-Match required' })
  @ProductIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ProductResponseDto })
  @ProductNotFound()
  @BadProduct()
  @ApiProblem(409, 'product.sku_taken', `${Taken}; or (\`product.used_by_services\`) services consume the product, so it cannot become retail-only`)
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateProductDto): Promise<ProductResponseDto> {
    return this.products.update(actor, id, version, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Archive a product: no longer sold or consumed, history stays readable (owners; idempotent)' })
  @ProductIdParam()
  @ApiOkResponse({ type: ProductResponseDto })
  @ProductNotFound()
  archive(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ProductResponseDto> {
    return this.products.archive(actor, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Restore an archived product (owners; idempotent)' })
  @ProductIdParam()
  @ApiOkResponse({ type: ProductResponseDto })
  @ProductNotFound()
  restore(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ProductResponseDto> {
    return this.products.restore(actor, id);
  }
}
