import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import type { Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { CreateTemplateDto, EndTemplateDto, TemplateListQueryDto, TemplatePageDto, TemplateResponseDto, UpdateTemplateDto } from './dto/template.dto.js';
import { ShiftTemplatesService } from './shift-templates.service.js';
import { NotWorkable, StaffIdParam, StaffNotFound } from './working-time.openapi.js';

const TemplateIdParam = () => ApiParam({ name: 'templateId', format: 'uuid', description: 'The template', example: '6e1d2c3b-4a5f-4b6c-8d7e-9f0a1b2c3d4e' });
const TemplateNotFound = () => StaffNotFound('; `shift_template.not_found`: the staff member has no such template at a store you may see');
const TemplateConflict = (when: string) =>
  ApiProblem(
    409,
    'scheduling.shift_overlap',
    `A planned day overlaps a shift of this staff member at another store (\`conflict\` names it); \`shift_template.overlap\`: another template of theirs at this store ${when}`,
  );
const ClosedDays = '; `shift_template.store_closed`: a worked weekday on which the store has no opening hours (send `allowClosedDays: true`)';

@ApiTags('shifts')
@Controller('v1/staff/:id/templates')
export class ShiftTemplatesController {
  constructor(@Inject(ShiftTemplatesService) private readonly templates: ShiftTemplatesService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: "A staff member's weekly templates, latest start first", description: 'A beautician reads their own; other staff those at the stores they see.' })
  @StaffIdParam()
  @ApiOkResponse({ type: TemplatePageDto })
  @StaffNotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: TemplateListQueryDto): Promise<Page<TemplateResponseDto>> {
    return this.templates.list(actor, id, query);
  }

  @Post()
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Give a staff member a weekly template at a store (owners, managers of the store)',
    description:
      'Its shifts are planned at once up to SHIFT_PLANNING_DAYS ahead (dates already taken by a dated shift at the store are left out), and further every hour. ' +
      "A template from a later date ends the staff member's running template at the store the day before (a new template from next month).",
  })
  @StaffIdParam()
  @ApiCreatedResponse({ type: TemplateResponseDto, description: 'The template; `Location` names it' })
  @StaffNotFound()
  @TemplateConflict('starts on or after this one')
  @NotWorkable(ClosedDays)
  create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateTemplateDto): Promise<TemplateResponseDto> {
    return this.templates.create(actor, id, body);
  }

  @Get(':templateId')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read a weekly template' })
  @StaffIdParam()
  @TemplateIdParam()
  @ApiOkResponse({ type: TemplateResponseDto, description: 'The template; `ETag` carries its version' })
  @TemplateNotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('templateId') templateId: string): Promise<TemplateResponseDto> {
    return this.templates.get(actor, id, templateId);
  }

  @Patch(':templateId')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: "Change a template's week, last date or closed-day rule (owners, managers of the store); If-Match required",
    description: 'Its future shifts are planned again; days changed or cancelled by hand stay as they are.',
  })
  @StaffIdParam()
  @TemplateIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: TemplateResponseDto })
  @TemplateNotFound()
  @TemplateConflict('covers the new dates')
  @NotWorkable(ClosedDays)
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('templateId') templateId: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateTemplateDto,
  ): Promise<TemplateResponseDto> {
    return this.templates.update(actor, id, templateId, version, body);
  }

  @Post(':templateId/end')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'End a template on a date (owners, managers of the store)', description: 'Its planned shifts after that date go.' })
  @StaffIdParam()
  @TemplateIdParam()
  @ApiOkResponse({ type: TemplateResponseDto })
  @TemplateNotFound()
  end(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('templateId') templateId: string, @Body() body: EndTemplateDto): Promise<TemplateResponseDto> {
    return this.templates.end(actor, id, templateId, body);
  }
}
