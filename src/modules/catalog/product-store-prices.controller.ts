import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { READ, STORE_WRITE } from './catalog-access.js';
import { ProductIdParam, ProductNotFound, StoreIdParam, StoreNotFound } from './catalog-openapi.js';
import { ProductStorePriceListDto, ProductStorePriceResponseDto, PutProductStorePriceDto } from './dto/store-override.dto.js';
import { ProductStorePricesService } from './product-store-prices.service.js';

@ApiTags('products')
@Controller('v1/products/:id/store-prices')
export class ProductStorePricesController {
  constructor(@Inject(ProductStorePricesService) private readonly prices: ProductStorePricesService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: "A product's per-store sale prices, in the stores you can see" })
  @ProductIdParam()
  @ApiOkResponse({ type: ProductStorePriceListDto })
  @ProductNotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ProductStorePriceListDto> {
    return this.prices.list(actor, id);
  }

  @Put(':storeId')
  @Allow(STORE_WRITE)
  @ApiOperation({ summary: "Set one store's sale price for a product (owners; managers for their stores; idempotent)" })
  @ProductIdParam()
  @StoreIdParam()
  @ApiOkResponse({ type: ProductStorePriceResponseDto })
  @StoreNotFound('`product.not_found`: no such product')
  @ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: a negative price (`salePrice.amount`), another currency than the business's (`salePrice.currency`)",
  )
  @ApiProblem(409, 'product.not_sold', 'The product is for professional use only: it has no sale price to override')
  put(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('storeId') storeId: string, @Body() body: PutProductStorePriceDto): Promise<ProductStorePriceResponseDto> {
    return this.prices.put(actor, id, storeId, body);
  }

  @Delete(':storeId')
  @HttpCode(204)
  @Allow(STORE_WRITE)
  @ApiOperation({ summary: "Remove a store's sale price: the catalog's applies there again (owners; managers for their stores; idempotent)" })
  @ProductIdParam()
  @StoreIdParam()
  @ApiNoContentResponse({ description: 'The store sells at the catalog price' })
  @StoreNotFound('`product.not_found`: no such product')
  remove(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('storeId') storeId: string): Promise<void> {
    return this.prices.remove(actor, id, storeId);
  }
}
