import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, Public } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../staff-access.js';
import { CalendarFeedService, FEED_REFRESH_MINUTES, matchesEtag } from './calendar-feed.service.js';
import { FEED_DAYS_AHEAD, FEED_DAYS_BEHIND } from './calendar-feed-sources.js';
import { CalendarFeedLinkDto, CalendarFeedQueryDto, CalendarFeedStatusDto } from './dto/calendar-feed.dto.js';

const ICS_TYPE = 'text/calendar; charset=utf-8';
const STAFF_ID = () => ApiParam({ name: 'id', format: 'uuid', description: 'The staff member', example: '4b7d2e1f-8a3c-4d5e-9f60-1a2b3c4d5e6f' });
const NotFound = () =>
  ApiProblem(404, 'staff_member.not_found', 'No such staff member is visible to you, or their link is not yours to see or change (a colleague’s, for a beautician)');
const WHO = 'The staff member themselves (signed in), owners, managers of one of their stores, and API keys with the scope (within their stores); ' + "anyone else's answers 404. ";

const ICS_EXAMPLE = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Bloom//Staff calendar//EN',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:Bloom · Tony 老师',
  'X-WR-TIMEZONE:Asia/Shanghai',
  'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
  'X-PUBLISHED-TTL:PT1H',
  'BEGIN:VEVENT',
  'UID:shift-7c9e6679-7425-40de-944b-e07fc1f90ae7@bloom',
  'DTSTAMP:20261122T020000Z',
  'DTSTART:20261123T020000Z',
  'DTEND:20261123T110000Z',
  'SUMMARY:Shift · 静安店 Jing’an',
  'LOCATION:南京西路 1266 号\\, 静安区\\, 上海市 200040 CN',
  'DESCRIPTION:Breaks: 12:30–13:15',
  'CATEGORIES:Shift',
  'STATUS:CONFIRMED',
  'TRANSP:OPAQUE',
  'SEQUENCE:1',
  'LAST-MODIFIED:20261120T080000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

@ApiTags('shifts')
@Controller('v1/staff/:id')
export class CalendarFeedController {
  constructor(@Inject(CalendarFeedService) private readonly feeds: CalendarFeedService) {}

  @Get('calendar-feed')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: "Whether a staff member's calendar link is on, and since when (never the link itself)", description: WHO })
  @STAFF_ID()
  @ApiOkResponse({ type: CalendarFeedStatusDto })
  @NotFound()
  status(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CalendarFeedStatusDto> {
    return this.feeds.status(actor, id);
  }

  @Post('calendar-feed')
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: "Make a staff member's calendar link for their phone, or replace it (the old link stops working at once)",
    description:
      WHO +
      'The answer holds the link, which holds a secret: it is shown this once and never again (Bloom keeps only a hash). Subscribe to it ' +
      'in a calendar app (iPhone: Settings › Calendar › Accounts › Add subscribed calendar; Google Calendar: Other calendars › From URL; ' +
      '`webcal://` instead of `https://` opens the app directly). A lost or shared link: make a new one, which turns the old one off.',
  })
  @STAFF_ID()
  @ApiCreatedResponse({
    type: CalendarFeedLinkDto,
    description: 'The new link',
    headers: locationHeader('This staff member’s link status (GET, without the secret)'),
  })
  @NotFound()
  async rotate(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CalendarFeedLinkDto> {
    const link = await this.feeds.rotate(actor, id, `${request.protocol}://${request.host}`);
    void reply.header('location', `/v1/staff/${encodeURIComponent(id)}/calendar-feed`);
    return link;
  }

  @Delete('calendar-feed')
  @HttpCode(204)
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: "Turn a staff member's calendar link off (their phone stops updating it)",
    description: WHO + 'Turning off a link that is already off changes nothing.',
  })
  @STAFF_ID()
  @ApiNoContentResponse({ description: 'The link is off' })
  @NotFound()
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.feeds.revoke(actor, id);
  }

  @Get('calendar.ics')
  @Public()
  @ApiOperation({
    summary: "A staff member's shifts and time off as an iCalendar feed, for their phone's calendar (the secret link; no sign-in)",
    description:
      '**Authentication**: the secret `token` of the link from POST /v1/staff/{id}/calendar-feed, not a sign-in (calendar apps cannot sign in); ' +
      'Bloom never logs query strings. A wrong token, a replaced or turned-off link and another staff member’s id all answer the same 404.\n\n' +
      `RFC 5545, UTF-8, times in UTC. Shifts from ${FEED_DAYS_BEHIND} days ago to ${FEED_DAYS_AHEAD} days ahead at every store they work at ` +
      '(`Shift · <store>`, the store’s address, breaks in local time, busy), cancelled ones as `STATUS:CANCELLED` so phones remove them; ' +
      'time off in the same window (approved: confirmed; requested: tentative; refused or cancelled in the last ' +
      `${FEED_DAYS_BEHIND} days: cancelled), shown as free time, whole days as dates. Phones are asked to refresh every ${FEED_REFRESH_MINUTES} minutes; ` +
      '`ETag` and `If-None-Match` save sending an unchanged calendar again (304).',
  })
  @STAFF_ID()
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'The calendar (`Cache-Control: private, max-age=300`, with an `ETag`)',
    content: { 'text/calendar': { schema: { type: 'string' }, example: ICS_EXAMPLE } },
  })
  @ApiResponse({ status: 304, description: 'Unchanged since the copy whose ETag was sent in `If-None-Match`' })
  @ApiProblem(404, 'calendar_feed.not_found', 'No calendar at this address: the token is wrong, the link was replaced or turned off, or the id is not the link’s')
  async calendar(
    @Param('id') id: string,
    @Query() query: CalendarFeedQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const feed = await this.feeds.render(id, query.token);
    void reply.header('cache-control', 'private, max-age=300').header('etag', feed.etag);
    if (matchesEtag(request.headers['if-none-match'], feed.etag)) {
      void reply.status(304);
      return undefined;
    }
    void reply.type(ICS_TYPE);
    return feed.body;
  }
}
