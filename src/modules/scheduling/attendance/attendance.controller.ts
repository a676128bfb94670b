import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { AttendanceErrors, SchedulingErrors } from '../scheduling.errors.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { AttendanceCorrectionsService } from './attendance-corrections.service.js';
import { AttendanceService } from './attendance.service.js';
import {
  AttendanceCorrectionDto,
  AttendanceQueryDto,
  AttendanceRecordDto,
  AttendanceReportDto,
  ClockInDto,
  ClockOutDto,
  CorrectAttendanceDto,
  CorrectionListQueryDto,
} from './dto/attendance.dto.js';

const StaffIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The staff member', example: '8d3f2a1b-6c5e-4d7f-8a9b-0c1d2e3f4a56' });
const RecordIdParam = () => ApiParam({ name: 'recordId', format: 'uuid', description: 'The attendance record', example: '7a2b9c4d-1e3f-4a5b-8c6d-9e0f1a2b3c4d' });
const NO_STAFF = 'No such staff member is visible to you (a beautician sees only themselves; managers and the front desk the staff of their stores)';
const NoStaff = () => ApiProblem(404, 'staff_member.not_found', NO_STAFF);
const NoRecord = () => ApiProblem(404, 'attendance.not_found', `They have no such record at a store of yours; or (\`staff_member.not_found\`) ${NO_STAFF}`);
const TimeManagersOnly = () =>
  ApiProblem(403, 'attendance.time_managers_only', 'Only managers give `at`; or your role or API key scope may not do this', AttendanceErrors.timeManagersOnly());

@ApiTags('attendance')
@Controller('v1/staff/:id/attendance')
export class AttendanceController {
  constructor(
    @Inject(AttendanceService) private readonly attendance: AttendanceService,
    @Inject(AttendanceCorrectionsService) private readonly corrections: AttendanceCorrectionsService,
  ) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: "A person's attendance over local dates (at most 62): their records, and per day the planned, worked, late and early-leave minutes",
    description:
      'For the person themselves, and managers and the front desk of their stores (records and shifts at the stores you see). Planned: shifts minus breaks; ' +
      'worked: clocked time (an open record counts until now); late: a first clock-in later than the start plus ATTENDANCE_GRACE_MINUTES counts from the start; ' +
      'early leave: a last clock-out before the end; absent: a shift that has ended with no record; unplanned: clocked time matched to no shift.',
  })
  @StaffIdParam()
  @ApiOkResponse({ type: AttendanceReportDto })
  @ApiProblem(400, 'request.validation_failed', '`from` or `to` is not a date, `to` is before `from`, or the range is over 62 days; `errors[]` names the field')
  @NoStaff()
  report(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: AttendanceQueryDto): Promise<AttendanceReportDto> {
    return this.attendance.report(actor, id, query);
  }

  @Post('clock-in')
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Clock in at a store (the person, the front desk or a manager of the store)',
    description:
      'Matched to their scheduled shift at that store whose start is nearest (overlapping the two hours either side); none: unplanned work (`shiftId` null). ' +
      'Now, or (managers only) `at` within the last 24 hours. One person is clocked in once at a time. Audited.',
  })
  @StaffIdParam()
  @ApiCreatedResponse({
    type: AttendanceRecordDto,
    description: 'Clocked in',
    headers: locationHeader('The URL of the record'),
  })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field, e.g. an `at` in the future or more than 24 hours ago')
  @TimeManagersOnly()
  @NoStaff()
  @ApiProblem(409, 'attendance.already_clocked_in', 'They are clocked in already (`openRecordId`): clock them out first', AttendanceErrors.alreadyClockedIn())
  @ApiProblem(
    422,
    'staff_member.not_in_store',
    'They do not work at this store, or it is not one of yours; or (`staff_member.inactive`) they are inactive',
    SchedulingErrors.notInStore(),
  )
  async clockIn(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ClockInDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AttendanceRecordDto> {
    const record = await this.attendance.clockIn(actor, id, body);
    void reply.header('location', `/v1/staff/${id}/attendance/${record.id}`);
    return record;
  }

  @Post('clock-out')
  @HttpCode(200)
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Clock out (the person, the front desk or a manager of the store they clocked in at); now, or (managers) `at` within the last 24 hours' })
  @StaffIdParam()
  @ApiBody({ type: ClockOutDto, required: false, examples: { demo: { summary: 'Now', value: {} } } })
  @ApiOkResponse({ type: AttendanceRecordDto, description: 'Their record, closed' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field, e.g. an `at` before they clocked in, in the future or more than 24 hours ago')
  @TimeManagersOnly()
  @NoStaff()
  @ApiProblem(409, 'attendance.not_clocked_in', 'They are not clocked in', AttendanceErrors.notClockedIn())
  @ApiProblem(422, 'attendance.other_store', 'They are clocked in at a store that is not yours', AttendanceErrors.otherStore())
  clockOut(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ClockOutDto): Promise<AttendanceRecordDto> {
    return this.attendance.clockOut(actor, id, body);
  }

  @Get(':recordId')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read one attendance record' })
  @StaffIdParam()
  @RecordIdParam()
  @ApiOkResponse({ type: AttendanceRecordDto, description: 'The record; `ETag` carries its version' })
  @NoRecord()
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('recordId') recordId: string): Promise<AttendanceRecordDto> {
    return this.attendance.get(actor, id, recordId);
  }

  @Patch(':recordId')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Correct the clock times of a record, saying why (managers of its store, owners); If-Match required',
    description: 'The correction (times before and after, who, why) is kept and listed under …/corrections. Audited.',
  })
  @StaffIdParam()
  @RecordIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: AttendanceRecordDto, description: 'The corrected record' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: no time given, a time in the future, a clock-out not after the clock-in, no `reason`')
  @NoRecord()
  @ApiProblem(
    409,
    'attendance.overlap',
    'The new times overlap another record of theirs (`otherRecordId`)',
    AttendanceErrors.overlap({ id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', clockInAt: new Date('2026-11-23T06:00:00Z'), clockOutAt: null }, 'clockOutAt'),
  )
  correct(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('recordId') recordId: string,
    @IfMatchVersion() version: number,
    @Body() body: CorrectAttendanceDto,
  ): Promise<AttendanceRecordDto> {
    return this.corrections.correct(actor, id, recordId, version, body);
  }

  @Get(':recordId/corrections')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'The corrections of a record, oldest first: what the times were, what they became, who changed them and why' })
  @StaffIdParam()
  @RecordIdParam()
  @ApiPageResponse(AttendanceCorrectionDto, 'One page of corrections, oldest first')
  @NoRecord()
  listCorrections(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('recordId') recordId: string,
    @Query() query: CorrectionListQueryDto,
  ): Promise<Page<AttendanceCorrectionDto>> {
    return this.corrections.list(actor, id, recordId, query);
  }
}
