import { applyDecorators, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { BookingMenuService } from './booking-menu.service.js';
import { BookingMenuQueryDto, BookingMenuResponseDto, BookingStaffResponseDto } from './dto/booking-menu.dto.js';

const Problems = () =>
  applyDecorators(
    ApiProblem(400, 'request.validation_failed', '`errors[]` names `storeId` when it is not a UUID'),
    ApiProblem(404, 'store.not_found', "No such store, or not the key's store"),
  );

@ApiTags('booking-menu')
@Controller('v1')
export class BookingMenuController {
  constructor(@Inject(BookingMenuService) private readonly menus: BookingMenuService) {}

  @Get('booking-menu')
  @Allow({ roles: ALL_STAFF, scopes: ['catalog:read'], publishable: true })
  @ApiOperation({
    summary: 'The services customers may book online in a store, with their variations, prices and durations',
    description: "For customers' apps (a publishable key or a customer session); staff see what the app shows.",
  })
  @ApiOkResponse({ type: BookingMenuResponseDto })
  @Problems()
  menu(@CurrentActor() actor: Actor, @Query() query: BookingMenuQueryDto): Promise<BookingMenuResponseDto> {
    return this.menus.menu(actor, query.storeId);
  }

  @Get('booking-staff')
  @Allow({ roles: ALL_STAFF, scopes: ['scheduling:read'], publishable: true })
  @ApiOperation({
    summary: 'The staff customers may pick online in a store: display name, photo, level and skills, never contact data',
    description: "For customers' apps (a publishable key or a customer session); senior first.",
  })
  @ApiOkResponse({ type: BookingStaffResponseDto })
  @Problems()
  staff(@CurrentActor() actor: Actor, @Query() query: BookingMenuQueryDto): Promise<BookingStaffResponseDto> {
    return this.menus.staff(actor, query.storeId);
  }
}
