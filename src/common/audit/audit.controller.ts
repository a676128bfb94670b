import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, MANAGERS } from '../auth/access.decorators.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../http/request-context.js';
import { ApiPageResponse, mapPage, type Page } from '../http/pagination.js';
import { AuditEventQueryDto, AuditEventResponseDto, toAuditEventResponse } from './audit-event.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('v1/audit-events')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get()
  @Allow({ roles: MANAGERS, scopes: ['audit:read'] })
  @ApiOperation({
    summary: 'Who changed what, when: every write, newest first',
    description: 'Owners and `audit:read` keys see everything; managers see the changes belonging to their stores.',
  })
  @ApiPageResponse(AuditEventResponseDto)
  async list(@Query() query: AuditEventQueryDto, @CurrentActor() actor: Actor): Promise<Page<AuditEventResponseDto>> {
    return mapPage(await this.audit.list(query, actor), toAuditEventResponse);
  }
}
