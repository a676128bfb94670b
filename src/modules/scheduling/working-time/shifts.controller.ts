import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import type { Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { CancelShiftDto, CreateShiftDto, ShiftListQueryDto, ShiftPageDto, ShiftResponseDto, UpdateShiftDto } from './dto/shift.dto.js';
import { ShiftsService } from './shifts.service.js';
import { NotWorkable, Overlap, StaffIdParam, StaffNotFound } from './working-time.openapi.js';

const ShiftIdParam = () => ApiParam({ name: 'shiftId', format: 'uuid', description: 'The shift', example: '5d0c3a7e-2b1f-4c8d-9e6a-7f1b2c3d4e5f' });
const ShiftNotFound = () => StaffNotFound('; `shift.not_found`: the staff member has no such shift at a store you may see');

@ApiTags('shifts')
@Controller('v1/staff/:id/shifts')
export class ShiftsController {
  constructor(@Inject(ShiftsService) private readonly shifts: ShiftsService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: "A staff member's shifts between two dates (at most 62 days), in start order",
    description: 'Planned from templates and entered by date, scheduled and cancelled. A beautician reads their own; other staff those at the stores they see.',
  })
  @StaffIdParam()
  @ApiOkResponse({ type: ShiftPageDto })
  @StaffNotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ShiftListQueryDto): Promise<Page<ShiftResponseDto>> {
    return this.shifts.list(actor, id, query);
  }

  @Post()
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Plan a shift on a date (owners, managers of the store)',
    description:
      "Local times in the store's zone. It replaces the same store's template shift it overlaps that day (that one is cancelled as `replaced`); " +
      'any other overlap answers 409 naming the shift. On a day the store is closed only with `onClosedDay: true`.',
  })
  @StaffIdParam()
  @ApiCreatedResponse({ type: ShiftResponseDto, description: 'The shift; `Location` names it' })
  @StaffNotFound()
  @Overlap('The shift')
  @NotWorkable('; `shift.store_closed`: the store is closed that day (send `onClosedDay: true`)')
  create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateShiftDto): Promise<ShiftResponseDto> {
    return this.shifts.create(actor, id, body);
  }

  @Get(':shiftId')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read a shift' })
  @StaffIdParam()
  @ShiftIdParam()
  @ApiOkResponse({ type: ShiftResponseDto, description: 'The shift; `ETag` carries its version' })
  @ShiftNotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('shiftId') shiftId: string): Promise<ShiftResponseDto> {
    return this.shifts.get(actor, id, shiftId);
  }

  @Patch(':shiftId')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: "Change a shift's hours, breaks or note (owners, managers of the store); If-Match required",
    description: "A template's shift becomes `edited`: changing the template later leaves it as it is.",
  })
  @StaffIdParam()
  @ShiftIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ShiftResponseDto })
  @ShiftNotFound()
  @Overlap('The new hours')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('shiftId') shiftId: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateShiftDto,
  ): Promise<ShiftResponseDto> {
    return this.shifts.update(actor, id, shiftId, version, body);
  }

  @Post(':shiftId/cancel')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Cancel a shift (owners, managers of the store)',
    description: "It stays, cancelled, as history; a template's cancelled day is not planned again.",
  })
  @StaffIdParam()
  @ShiftIdParam()
  @ApiOkResponse({ type: ShiftResponseDto })
  @ShiftNotFound()
  @ApiProblem(409, 'shift.invalid_transition', 'The shift is already cancelled (`currentState` says so)')
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('shiftId') shiftId: string, @Body() body: CancelShiftDto): Promise<ShiftResponseDto> {
    return this.shifts.cancel(actor, id, shiftId, body);
  }
}
