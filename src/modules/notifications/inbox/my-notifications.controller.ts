import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, Public } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { isUuid } from '../../../common/validation/index.js';
import {
  MarkAllReadResponseDto,
  StaffMessageListQueryDto,
  StaffMessagePageDto,
  StaffMessageResponseDto,
  StreamQueryDto,
  StreamTicketResponseDto,
} from './dto/staff-message.dto.js';
import { InboxStreams } from './inbox-streams.js';
import { StaffMessages } from './staff-messages.service.js';
import { StreamTickets, type StreamHolder } from './stream-tickets.js';

const STREAM_PATH = '/v1/me/notifications/stream';

const STREAM_EXAMPLE =
  ': connected\n\n' +
  'id: 3f9d2c1a-6b7e-4d8f-9a0b-1c2d3e4f5a6b\nevent: notification\n' +
  'data: {"id":"3f9d2c1a-6b7e-4d8f-9a0b-1c2d3e4f5a6b","key":"customer_import.finished","category":"staff","title":"客户导入完成","body":"导入了 1,204 位客户，3 行有错误。","link":"/v1/customer-imports/5b0c8a4e-1d2f-4c3b-8e9a-7f6d5c4b3a21","storeId":null,"createdAt":"2026-11-22T02:00:00.000Z","readAt":null}\n\n' +
  ': heartbeat\n\n' +
  'event: close\ndata: {"reason":"revoked"}\n\n';

/** The staff member behind a route that admits staff only (`@Allow` with roles and no scopes: API keys get 403 before this). */
function staffOf(actor: Actor): StreamHolder {
  if (actor.kind !== 'user') throw new Error('an inbox route admitted an API key');
  return { userId: actor.id, sessionId: actor.sessionId, issuedAtMs: actor.issuedAtMs ?? Date.now() };
}

/** The signed-in member of staff's own in-app messages. */
@ApiTags('me')
@Controller('v1/me/notifications')
export class MyNotificationsController {
  constructor(
    @Inject(StaffMessages) private readonly messages: StaffMessages,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
    @Inject(InboxStreams) private readonly streams: InboxStreams,
  ) {}

  @Get()
  @Allow({ roles: ALL_STAFF })
  @ApiOperation({
    summary: 'Your in-app messages, newest first, with your unread count',
    description: '`?unread=true` lists only the unread ones. `unreadCount` counts all your unread messages, whatever the page.',
  })
  @ApiOkResponse({ type: StaffMessagePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: StaffMessageListQueryDto): Promise<StaffMessagePageDto> {
    return this.messages.list(staffOf(actor).userId, query);
  }

  @Post('read-all')
  @Allow({ roles: ALL_STAFF })
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your messages read', description: 'Answers how many were unread and are now read.' })
  @ApiOkResponse({ type: MarkAllReadResponseDto })
  markAllRead(@CurrentActor() actor: Actor): Promise<MarkAllReadResponseDto> {
    return this.messages.markAllRead(staffOf(actor).userId);
  }

  @Post(':id/read')
  @Allow({ roles: ALL_STAFF })
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your messages read', description: 'Marking it again changes nothing: it keeps the time it was first read.' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The message', example: '3f9d2c1a-6b7e-4d8f-9a0b-1c2d3e4f5a6b' })
  @ApiOkResponse({ type: StaffMessageResponseDto, description: 'The message, read' })
  @ApiProblem(404, 'staff_message.not_found', 'You have no message with this id (another person’s messages are not yours to see)')
  markRead(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StaffMessageResponseDto> {
    return this.messages.markRead(staffOf(actor).userId, id);
  }

  @Post('stream-tickets')
  @Allow({ roles: ALL_STAFF })
  @ApiOperation({
    summary: 'Get a ticket to open your live message stream',
    description:
      "A browser's EventSource cannot send an Authorization header, so the stream takes a ticket instead: single use, valid for " +
      'INBOX_STREAM_TICKET_TTL (60 s by default), for this sign-in only. Get a new one for every (re)connection.',
  })
  @ApiCreatedResponse({ type: StreamTicketResponseDto })
  @ApiProblem(503, 'inbox.stream_unavailable', 'Tickets cannot be stored right now (Redis cannot be reached); try again shortly')
  async createTicket(@CurrentActor() actor: Actor): Promise<StreamTicketResponseDto> {
    const { ticket, expiresAt } = await this.tickets.issue(staffOf(actor));
    return { ticket, expiresAt, url: `${STREAM_PATH}?ticket=${ticket}` };
  }

  @Get('stream')
  @Public()
  @ApiOperation({
    summary: 'Your new messages as they come (Server-Sent Events)',
    description:
      'For screens that show messages live (a front desk seeing a new booking). **Authentication**: the `ticket` query parameter ' +
      'from POST /v1/me/notifications/stream-tickets (signed in as staff), not an Authorization header, which EventSource cannot send; ' +
      'a ticket opens one stream, and Bloom never logs query strings. `new EventSource(url)` with the `url` the ticket call answers.\n\n' +
      'Events: each new message is an event `notification` whose `id:` is the message id and whose `data:` is the message as ' +
      'GET /v1/me/notifications lists it. A comment line (`: heartbeat`) comes every INBOX_STREAM_HEARTBEAT (25 s by default) so ' +
      'proxies keep the connection open. The server ends the stream with an event `close` whose data says why: `revoked` (you were ' +
      'signed out, disabled, or your password or access changed: sign in again), `replaced` (you opened more than ' +
      'INBOX_STREAMS_PER_USER streams, 5 by default, and this was the oldest), `shutdown` (this server is stopping: reconnect), ' +
      '`slow` (the client did not read).\n\n' +
      '**Resuming**: the stream first sends the messages after the one named by the `Last-Event-ID` header, in order, then new ones. ' +
      'EventSource sends that header when it reconnects by itself, but its ticket is used by then (401): on `error`, get a new ticket ' +
      'and open a new EventSource with `&lastEventId=<the last id you received>`. Without either, the stream sends only what comes ' +
      'after it opened: load GET /v1/me/notifications for the rest.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The event stream; it stays open until the client, a revocation, the per-user limit or a shutdown ends it',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: STREAM_EXAMPLE } },
  })
  @ApiProblem(401, 'inbox.stream_ticket_invalid', 'The ticket is unknown, used, expired, or its sign-in has ended')
  @ApiProblem(503, 'inbox.stream_unavailable', 'This server is stopping, or tickets cannot be checked (Redis cannot be reached); reconnect shortly')
  async stream(@Query() query: StreamQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const holder = await this.tickets.redeem(query.ticket);
    const header = request.headers['last-event-id'];
    // A Last-Event-ID that is not one of our ids (another site's stream) resumes nothing rather than failing.
    const fromHeader = typeof header === 'string' && isUuid(header.trim()) ? header.trim().toLowerCase() : undefined;
    await this.streams.open(holder, query.lastEventId?.toLowerCase() ?? fromHeader, request, reply);
  }
}
