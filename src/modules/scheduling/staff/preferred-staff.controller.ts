import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF } from '../../../common/auth/index.js';
import { DomainError } from '../../../common/errors/index.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { PreferredStaffResponseDto, PutPreferredStaffDto } from './dto/preferred-staff.dto.js';
import { PreferredStaffService } from './preferred-staff.service.js';

const CustomerIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The customer', example: '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e' });
const NotFound = () => ApiProblem(404, 'customer.not_found', 'No customer has this id');

/** A customer's preferred staff: kept on the customer's profile, checked and described by scheduling. */
@ApiTags('staff')
@Controller('v1/customers/:id/preferred-staff')
export class PreferredStaffController {
  constructor(@Inject(PreferredStaffService) private readonly preferred: PreferredStaffService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: ['customers:read'] })
  @ApiOperation({ summary: "A customer's preferred staff members, most preferred first" })
  @CustomerIdParam()
  @ApiOkResponse({ type: PreferredStaffResponseDto })
  @NotFound()
  get(@Param('id') id: string): Promise<PreferredStaffResponseDto> {
    return this.preferred.get(id);
  }

  @Put()
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['customers:write'] })
  @ApiOperation({ summary: "Replace a customer's preferred staff members (at most 5, most preferred first; [] clears them)" })
  @CustomerIdParam()
  @ApiOkResponse({ type: PreferredStaffResponseDto })
  @NotFound()
  @ApiProblem(409, 'customer.anonymized', 'The customer was anonymized (or, `customer.merged`, merged into another record): it can no longer change')
  @ApiProblem(
    422,
    'reference.not_found',
    'An id names no staff member; or (`staff_member.inactive`) a staff member is not active. `errors[]` names each, e.g. `staffMemberIds[1]`',
    new DomainError('reference.not_found', 422, 'staffMemberIds[1]: names no staff member', {
      title: 'A referenced record does not exist',
      errors: [{ field: 'staffMemberIds[1]', message: 'names no staff member' }],
    }),
  )
  put(@Param('id') id: string, @Body() body: PutPreferredStaffDto): Promise<PreferredStaffResponseDto> {
    return this.preferred.put(id, body);
  }
}
