import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor, StaffRole } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { NotificationIdResponseDto, NotificationQueryDto, NotificationResponseDto, SendTestNotificationDto } from './dto/notification.dto.js';
import { NotificationLogService } from './notification-log.service.js';
import { ChannelErrors } from '../channels/channels.errors.js';
import { NotificationErrors } from './notifications.errors.js';

/** The front desk sees why a customer got nothing; managers and owners too. */
const LOG_READERS: readonly StaffRole[] = ['owner', 'manager', 'receptionist'];
const EXAMPLE_ID = '3c9d7e2a-5b1f-4c6e-8a2d-9f0b1c2d3e4f';

const NotificationId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => NotificationErrors.notFound() }));
const NotificationIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The notification', example: EXAMPLE_ID });
const NotFound = () => ApiProblem(404, 'notification.not_found', 'No notification with this id is visible to you');

const REASONS =
  'Reasons: `opted_out` (the customer opted out of the category), `no_consent` (a marketing message without marketing consent on any channel), ' +
  '`no_address` (no phone, e-mail or openid for its channels), `channel_unavailable` (not configured here), `unreachable` (anonymized, merged or unknown customer), ' +
  '`rate_limited` (NOTIFICATION_SMS_PER_PHONE_PER_HOUR), `budget_exhausted` (NOTIFICATION_SMS_DAILY_BUDGET), `rejected` (the provider refused it for good), ' +
  '`attempts_exhausted` (every retry failed), `render_failed` (the template could not be rendered).';

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(@Inject(NotificationLogService) private readonly log: NotificationLogService) {}

  @Get()
  @Allow({ roles: LOG_READERS, scopes: ['notifications:read'] })
  @ApiOperation({
    summary: 'The notification log, newest first (owners, managers, receptionists, `notifications:read` keys)',
    description:
      'Every message to a customer or member of staff, including the ones not sent and why: front desks see here why a customer got nothing. ' +
      'Staff see notifications of the stores they work at and those of no store; API keys without `customers:pii` see recipients masked (`138****5678`). ' +
      REASONS,
  })
  @ApiPageResponse(NotificationResponseDto)
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto): Promise<Page<NotificationResponseDto>> {
    return this.log.list(actor, query);
  }

  @Post('test')
  @Allow({ roles: ['owner'] })
  @ApiOperation({
    summary: "Send the test message now to an address, to check a channel's provider settings (owners)",
    description:
      'Sends `notification.test` at once (urgent: quiet hours do not apply; the SMS limits do) and answers its id: follow `Location` to see it sent, ' +
      "or failed with the provider's error. The address is the channel's: `to.phone` for `sms`, `to.email` for `email`, `to.wechatOpenId` for `wechat`.",
  })
  @ApiCreatedResponse({
    type: NotificationIdResponseDto,
    description: 'The test notification, queued',
    headers: locationHeader('The notification in the log: `/v1/notifications/{id}`'),
  })
  @ApiProblem(
    422,
    'notification.unreachable_recipient',
    "The channel's address is missing or cannot be reached (`to.phone` not a phone number); `errors[]` names the field",
    NotificationErrors.unreachable('to.phone', 'is not a phone number an SMS can reach'),
  )
  @ApiProblem(422, 'notification_channel.not_configured', 'The channel is not configured in this deployment', ChannelErrors.notConfigured('wechat'))
  async sendTest(@CurrentActor() actor: Actor, @Body() body: SendTestNotificationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<NotificationIdResponseDto> {
    const created = await this.log.sendTest(actor, body);
    void reply.header('location', `/v1/notifications/${created.id}`);
    return created;
  }

  @Get(':id')
  @Allow({ roles: LOG_READERS, scopes: ['notifications:read'] })
  @ApiOperation({ summary: 'One notification of the log', description: REASONS })
  @NotificationIdParam()
  @ApiOkResponse({ type: NotificationResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @NotificationId() id: string): Promise<NotificationResponseDto> {
    return this.log.get(actor, id);
  }

  @Post(':id/resend')
  @HttpCode(200)
  @Allow({ roles: LOG_READERS, scopes: ['notifications:write'] })
  @ApiOperation({
    summary: 'Send a failed notification again (owners, managers, receptionists, `notifications:write` keys; audited)',
    description: 'A new attempt cycle: queued again with the variables it was written with (the template as it is now), the SMS limits counted again.',
  })
  @NotificationIdParam()
  @ApiOkResponse({ type: NotificationResponseDto, description: 'The notification, queued' })
  @NotFound()
  @ApiProblem(409, 'notification.not_failed', 'Only a failed notification can be sent again: `status` names what it is', NotificationErrors.notFailed('sent'))
  resend(@CurrentActor() actor: Actor, @NotificationId() id: string): Promise<NotificationResponseDto> {
    return this.log.resend(actor, id);
  }
}
