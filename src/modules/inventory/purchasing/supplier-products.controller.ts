import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../../common/auth/index.js';
import { ApiPageResponse, PageQueryDto, type Page } from '../../../common/http/pagination.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { PutSupplierProductDto, SupplierProductResponseDto } from './dto/supplier-product.dto.js';
import { READ, WRITE } from './purchasing-access.js';
import { PurchasingErrors } from './purchasing.errors.js';
import { SupplierProductsService } from './supplier-products.service.js';

const EXAMPLE_SUPPLIER = '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21';
const EXAMPLE_PRODUCT = '4d5e6f70-8192-4a3b-8c4d-5e6f70819203';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The supplier', example: EXAMPLE_SUPPLIER });
const ProductParam = () => ApiParam({ name: 'productId', format: 'uuid', description: 'The product (catalog id)', example: EXAMPLE_PRODUCT });
const NotFound = () => ApiProblem(404, 'supplier.not_found', 'No such supplier', PurchasingErrors.supplierNotFound(EXAMPLE_SUPPLIER));

@ApiTags('suppliers')
@Controller('v1/suppliers/:id/products')
export class SupplierProductsController {
  constructor(@Inject(SupplierProductsService) private readonly products: SupplierProductsService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'What a supplier sells: its code, the last agreed cost, pack size and minimum order of each product, by name' })
  @IdParam()
  @ApiPageResponse(SupplierProductResponseDto, 'One page of the supplier’s products, by name')
  @NotFound()
  list(@Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<SupplierProductResponseDto>> {
    return this.products.list(id, query);
  }

  @Put(':productId')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Set what a supplier sells a product as (managers, owners, `inventory:write`; replaces the whole entry). Audited.',
    description:
      'Its code, the last agreed cost of a piece, the pack size and the minimum order in pieces (suggested purchase orders round up to them), ' +
      'and whether it is the preferred supplier of the product: one a product, so marking this one unmarks the other.',
  })
  @IdParam()
  @ProductParam()
  @ApiOkResponse({ type: SupplierProductResponseDto, description: 'The entry as it is now' })
  @ApiProblem(400, 'request.validation_failed', "`errors[]` names each bad field: a pack size of 0, a fraction of a piece, another currency than the business's")
  @NotFound()
  @ApiProblem(
    422,
    'inventory.unknown_product',
    '`productId` names no product; or (`inventory.archived_product`) an archived one',
    InventoryErrors.unknownProduct('productId', EXAMPLE_PRODUCT),
  )
  put(@Param('id') id: string, @Param('productId') productId: string, @Body() body: PutSupplierProductDto): Promise<SupplierProductResponseDto> {
    return this.products.put(id, productId, body);
  }

  @Delete(':productId')
  @HttpCode(204)
  @Allow(WRITE)
  @ApiOperation({ summary: 'The supplier no longer sells the product (managers, owners, `inventory:write`; idempotent). Its purchase orders keep their lines. Audited.' })
  @IdParam()
  @ProductParam()
  @ApiNoContentResponse({ description: 'The supplier no longer sells it' })
  @NotFound()
  remove(@Param('id') id: string, @Param('productId') productId: string): Promise<void> {
    return this.products.remove(id, productId);
  }
}
