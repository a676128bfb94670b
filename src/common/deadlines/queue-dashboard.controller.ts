import { Controller, Delete, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentActor, Public } from '../auth/index.js';
import type { Actor } from '../http/request-context.js';
import { DashboardSessions, DASHBOARD_PATH } from './dashboard-session.js';

/** Lets an owner's browser open Bull Board at /admin/queues (browsers cannot send a Bearer header to a page). */
@ApiTags('admin')
@Controller('v1/admin/queue-dashboard-session')
export class QueueDashboardController {
  constructor(@Inject(DashboardSessions) private readonly sessions: DashboardSessions) {}

  @Post()
  @Allow({ roles: ['owner'] })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Open the queue dashboard in this browser (owners)',
    description:
      `Sets an HttpOnly, SameSite=Strict cookie valid for ${DASHBOARD_PATH} only (Secure over https and always in production), ` +
      `for as long as an access token lives. It stops working when the access token it was traded for would: the owner is ` +
      `disabled or no longer an owner, their password changes, or that session is logged out. Then open ${DASHBOARD_PATH}.`,
  })
  @ApiNoContentResponse({
    description: 'The dashboard session cookie is set',
    headers: {
      'Set-Cookie': { description: `bloom_queue_dashboard=…; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict (; Secure)`, schema: { type: 'string' } },
    },
  })
  open(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    if (actor.kind !== 'user') return; // @Allow admits owners only; an API key never gets here
    const { cookie } = this.sessions.open(actor, request.protocol === 'https');
    void reply.header('set-cookie', cookie).header('cache-control', 'no-store');
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Close the queue dashboard session of this browser' })
  @ApiNoContentResponse({ description: 'The dashboard session cookie is cleared' })
  close(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', this.sessions.closed(request.protocol === 'https'));
  }
}
