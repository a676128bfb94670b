import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { CreateSupplierDto, SupplierQueryDto, SupplierResponseDto, UpdateSupplierDto } from './dto/supplier.dto.js';
import { READ, WRITE } from './purchasing-access.js';
import { PurchasingErrors } from './purchasing.errors.js';
import { SuppliersService } from './suppliers.service.js';

const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The supplier', example: '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21' });
const NotFound = () => ApiProblem(404, 'supplier.not_found', 'No such supplier', PurchasingErrors.supplierNotFound('3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21'));
const BadSupplier = () => ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: an empty name, a phone number or e-mail address that is not one');

@ApiTags('suppliers')
@Controller('v1/suppliers')
export class SuppliersController {
  constructor(@Inject(SuppliersService) private readonly suppliers: SuppliersService) {}

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Add a supplier (managers, owners); every store buys from the same suppliers. Audited.' })
  @ApiCreatedResponse({ type: SupplierResponseDto, description: 'The supplier, `active`; `Location` names it' })
  @BadSupplier()
  create(@Body() body: CreateSupplierDto): Promise<SupplierResponseDto> {
    return this.suppliers.create(body);
  }

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'The suppliers, by name (active ones unless `status` says otherwise)' })
  @ApiPageResponse(SupplierResponseDto, 'One page of suppliers, by name')
  list(@Query() query: SupplierQueryDto): Promise<Page<SupplierResponseDto>> {
    return this.suppliers.list(query);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'One supplier (archived ones too)' })
  @IdParam()
  @ApiOkResponse({ type: SupplierResponseDto, description: 'The supplier; `ETag` carries its version' })
  @NotFound()
  get(@Param('id') id: string): Promise<SupplierResponseDto> {
    return this.suppliers.get(id);
  }

  @Patch(':id')
  @Allow(WRITE)
  @ApiOperation({ summary: 'Change a supplier (managers, owners); If-Match required. Audited.' })
  @IdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: SupplierResponseDto })
  @NotFound()
  @BadSupplier()
  update(@Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateSupplierDto): Promise<SupplierResponseDto> {
    return this.suppliers.update(id, version, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Archive a supplier: new purchase orders cannot name it, its orders go on (managers, owners; idempotent)' })
  @IdParam()
  @ApiOkResponse({ type: SupplierResponseDto, description: 'The supplier, `archived`' })
  @NotFound()
  archive(@Param('id') id: string): Promise<SupplierResponseDto> {
    return this.suppliers.archive(id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Restore an archived supplier (managers, owners; idempotent)' })
  @IdParam()
  @ApiOkResponse({ type: SupplierResponseDto, description: 'The supplier, `active`' })
  @NotFound()
  restore(@Param('id') id: string): Promise<SupplierResponseDto> {
    return this.suppliers.restore(id);
  }
}
