import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import { ApiPageResponse, PageQueryDto, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StoreScoped } from '../../stores/index.js';
import { AppointmentListsService } from './appointment-lists.service.js';
import { AppointmentBookQueryDto, AppointmentListQueryDto, ArrivalsQueryDto, StaffDayQueryDto } from './dto/view-queries.dto.js';
import { AppointmentBookResponseDto, AppointmentViewDto, ArrivalsResponseDto, StaffDayResponseDto } from './dto/view-responses.dto.js';
import { StoreBookService } from './store-book.service.js';

const READ = { roles: ALL_STAFF, scopes: ['appointments:read' as const] };
const NO_STORE = "No such store is visible to you (another store's id answers the same)";
const StoreIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The store', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' });

@ApiTags('appointment-views')
@Controller('v1/appointments')
export class AppointmentListController {
  constructor(@Inject(AppointmentListsService) private readonly lists: AppointmentListsService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: "A store's appointments, in start order, with names (customer, services, staff, resources)",
    description:
      '`storeId` may be left out by a caller who sees exactly one store. Dates are local to the store; `status` repeats for several. ' +
      'Phones are masked for beauticians and API keys.',
  })
  @ApiPageResponse(AppointmentViewDto, 'One page of appointments, soonest start first')
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: `storeId` missing when you see several stores, dates, a range reversed or over 92 days, `status`, `cursor`',
  )
  @ApiProblem(404, 'store.not_found', NO_STORE)
  list(@CurrentActor() actor: Actor, @Query() query: AppointmentListQueryDto): Promise<Page<AppointmentViewDto>> {
    return this.lists.list(actor, query);
  }
}

@ApiTags('appointment-views')
@Controller('v1/stores/:id')
@StoreScoped('id')
export class StoreBookController {
  constructor(@Inject(StoreBookService) private readonly book: StoreBookService) {}

  @Get('appointment-book')
  @Allow(READ)
  @ApiOperation({
    summary: "A store's day or week as its calendar screen draws it: one column per staff member (or per resource), each with its appointments",
    description:
      'By staff: everyone working at the store in these days (with their working intervals) or with an appointment there. By resource: every active room, chair or machine. ' +
      'Each column lists its services of appointments (cancelled ones left out; no-shows kept, marked) with the appointment, customer, service and times in the store’s zone.',
  })
  @StoreIdParam()
  @ApiOkResponse({ type: AppointmentBookResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: `date`, `days` (1 or 7), `by` (staff or resource)')
  @ApiProblem(404, 'store.not_found', NO_STORE)
  appointmentBook(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: AppointmentBookQueryDto): Promise<AppointmentBookResponseDto> {
    return this.book.book(actor, id, query);
  }

  @Get('arrivals')
  @Allow(READ)
  @ApiOperation({
    summary: "The front desk's arrivals: a day's appointments still expected or in the salon (booked, confirmed, checked in, in service), in start order",
    description: '`late`: the start has passed and the customer has not checked in. Phones are masked for beauticians and API keys. Today in the store’s zone by default.',
  })
  @StoreIdParam()
  @ApiOkResponse({ type: ArrivalsResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `date` when it is not a date')
  @ApiProblem(404, 'store.not_found', NO_STORE)
  arrivals(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ArrivalsQueryDto): Promise<ArrivalsResponseDto> {
    return this.book.arrivals(actor, id, query);
  }
}

@ApiTags('appointment-views')
@Controller('v1/staff/:id/appointments')
export class StaffAppointmentsController {
  constructor(@Inject(AppointmentListsService) private readonly lists: AppointmentListsService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: "A staff member's day: their appointments on a date, in start order (a beautician sees only her own)",
    description: 'The date is local to each appointment’s store. Cancelled appointments are left out; only the stores you see are shown.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The staff member', example: '8d3f2a1b-6c5e-4d7f-8a9b-0c1d2e3f4a56' })
  @ApiOkResponse({ type: StaffDayResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `date` when it is missing or not a date')
  @ApiProblem(404, 'staff_member.not_found', 'No such staff member is visible to you (a beautician sees only themselves; managers and the front desk the staff of their stores)')
  day(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: StaffDayQueryDto): Promise<StaffDayResponseDto> {
    return this.lists.staffDay(actor, id, query);
  }
}

@ApiTags('appointment-views')
@Controller('v1/customers/:id/appointments')
export class CustomerAppointmentsController {
  constructor(@Inject(AppointmentListsService) private readonly lists: AppointmentListsService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: "A customer's appointments at the stores you see: upcoming ones soonest first, then past ones latest first",
    description: 'Upcoming: not yet ended (an appointment under way is upcoming). A merged duplicate’s id answers for the customer it was merged into.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The customer', example: '5b8e2c1d-3f4a-4b6c-9d7e-0a1b2c3d4e5f' })
  @ApiPageResponse(AppointmentViewDto, 'One page: upcoming appointments first, then past ones')
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `limit` or `cursor`')
  @ApiProblem(404, 'customer.not_found', 'No customer has this id')
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<AppointmentViewDto>> {
    return this.lists.ofCustomer(actor, id, query);
  }
}
