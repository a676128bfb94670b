import { applyDecorators, Body, Controller, createParamDecorator, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { parseIfMatch } from '../../../common/http/etag.js';
import { ApiPageResponse, PageQueryDto, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_LOCALES } from '../notification-contracts.js';
import {
  NotificationKeyResponseDto,
  NotificationTemplateListQueryDto,
  NotificationTemplateResponseDto,
  PreviewTemplateDto,
  TemplateContentDto,
  TemplatePreviewResponseDto,
} from './dto/notification-template.dto.js';
import { NotificationTemplateErrors } from './notification-templates.errors.js';
import { NotificationTemplates } from './notification-templates.service.js';

/** `If-Match` when sent (a first edit needs none): its version, else undefined. */
const OptionalIfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  const value = Array.isArray(header) ? header.join(',') : header;
  return value === undefined ? undefined : parseIfMatch(value);
});

const ApiOptionalIfMatch = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        "The ETag of your last read of the template. Required once the template has an owner's edit (428 without it); " +
        'for a template still at its default it may be left out or be "0".',
    }),
    ApiProblem(412, 'request.stale_version', 'The template changed since you read it', CommonErrors.preconditionFailed()),
  );

const PathParams = () =>
  applyDecorators(
    ApiParam({ name: 'key', description: 'The notification key (GET /v1/notification-keys)', example: 'notification.test' }),
    ApiParam({ name: 'channel', enum: NOTIFICATION_CHANNELS, example: 'email' }),
    ApiParam({ name: 'locale', enum: NOTIFICATION_LOCALES, example: 'zh-CN' }),
    ApiProblem(404, 'notification_key.not_found', 'No such notification key (or, `notification_template.not_found`, no such channel or locale)'),
    ApiProblem(
      422,
      'notification_template.channel_not_used',
      'The notification does not go out on this channel',
      NotificationTemplateErrors.channelNotUsed('notification.sms_budget_warning', 'sms', ['in_app', 'email']),
    ),
  );

const Invalid = () =>
  ApiProblem(
    422,
    'notification_template.invalid',
    'A template uses a variable the notification does not have, has invalid syntax or a refused tag, or has a part its channel does not (each in `errors[]`)',
    NotificationTemplateErrors.invalid([
      { field: 'body', message: 'uses {{fullName}}, which notification notification.test does not have: its variables are {{businessName}}, {{sentAt}}' },
    ]),
  );

/**
 * The templates of every notification, per channel and locale: the defaults Bloom ships and owners'
 * edits of them. Owners edit; managers read and preview.
 */
@ApiTags('notification-templates')
@Controller('v1/notification-templates')
export class NotificationTemplatesController {
  constructor(@Inject(NotificationTemplates) private readonly templates: NotificationTemplates) {}

  @Get()
  @Allow({ roles: MANAGERS })
  @ApiOperation({
    summary: 'List the templates in effect (owners, managers), by key, channel and locale',
    description: "Every key's template for each of its channels and both locales: the owner's edit where there is one (`customized`), else the default.",
  })
  @ApiPageResponse(NotificationTemplateResponseDto, 'One page of templates, by key, channel and locale')
  list(@Query() query: NotificationTemplateListQueryDto): Promise<Page<NotificationTemplateResponseDto>> {
    return this.templates.list(query);
  }

  @Post('preview')
  @HttpCode(200)
  @Allow({ roles: MANAGERS })
  @ApiOperation({
    summary: 'Render a template with sample values (owners, managers); nothing is saved or sent',
    description:
      "Renders `content` (a template being edited, checked as a save would check it) or the stored one, with the values given and the key's examples for the rest. " +
      'Answers what the channel would send: subject, text, HTML (e-mail) and provider fields.',
  })
  @ApiOkResponse({ type: TemplatePreviewResponseDto })
  @ApiProblem(422, 'notification_key.not_found', 'No such notification key (`errors[]` names `key`)', NotificationTemplateErrors.unknownKey('fax.sent'))
  @Invalid()
  preview(@Body() body: PreviewTemplateDto): Promise<TemplatePreviewResponseDto> {
    return this.templates.preview(body);
  }

  @Get(':key/:channel/:locale')
  @Allow({ roles: MANAGERS })
  @ApiOperation({ summary: 'Read the template in effect for a key, channel and locale (owners, managers)' })
  @PathParams()
  @ApiOkResponse({ type: NotificationTemplateResponseDto, description: 'The template; `ETag` carries its version (0 for the default)' })
  get(@Param('key') key: string, @Param('channel') channel: string, @Param('locale') locale: string): Promise<NotificationTemplateResponseDto> {
    return this.templates.get(key, channel, locale);
  }

  @Put(':key/:channel/:locale')
  @Allow({ roles: ['owner'] })
  @ApiOperation({
    summary: "Replace a template with the owner's own (owners)",
    description:
      'Checked before it is saved: only the variables of the key (GET /v1/notification-keys), valid Mustache without partials, delimiter changes or ' +
      'unescaped output, and the parts its channel has: e-mail needs a subject and may have HTML; SMS and WeChat have no subject; WeChat needs ' +
      "the provider's template id and fields. Audited.",
  })
  @PathParams()
  @ApiOptionalIfMatch()
  @ApiProblem(428, 'request.if_match_required', "The template already has an owner's edit and If-Match is missing", CommonErrors.preconditionRequired())
  // One example that suits every channel but WeChat (only e-mail has HTML, only SMS and WeChat a provider template).
  @ApiBody({
    type: TemplateContentDto,
    examples: { demo: { summary: 'Works with the demo data (`npm run seed`)', value: { subject: '测试通知', body: '您好，这是一条测试消息：通知设置成功，无需回复。' } } },
  })
  @ApiOkResponse({ type: NotificationTemplateResponseDto, description: 'The template now in effect; `ETag` carries its version' })
  @Invalid()
  save(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
    @Param('channel') channel: string,
    @Param('locale') locale: string,
    @OptionalIfMatch() version: number | undefined,
    @Body() body: TemplateContentDto,
  ): Promise<NotificationTemplateResponseDto> {
    return this.templates.save(actor, key, channel, locale, version, body);
  }

  @Delete(':key/:channel/:locale')
  @Allow({ roles: ['owner'] })
  @ApiOperation({ summary: "Go back to the default template (owners): the owner's edit is removed (audited); nothing changes when there is none" })
  @PathParams()
  @ApiOptionalIfMatch()
  @ApiProblem(428, 'request.if_match_required', 'If-Match is sent empty', CommonErrors.preconditionRequired())
  @ApiOkResponse({ type: NotificationTemplateResponseDto, description: 'The default, now in effect' })
  reset(
    @Param('key') key: string,
    @Param('channel') channel: string,
    @Param('locale') locale: string,
    @OptionalIfMatch() version: number | undefined,
  ): Promise<NotificationTemplateResponseDto> {
    return this.templates.reset(key, channel, locale, version);
  }
}

/** The catalog of notification keys: what Bloom sends, on which channels, with which variables. */
@ApiTags('notification-templates')
@Controller('v1/notification-keys')
export class NotificationKeysController {
  constructor(@Inject(NotificationTemplates) private readonly templates: NotificationTemplates) {}

  @Get()
  @Allow({ roles: MANAGERS })
  @ApiOperation({ summary: 'List the notification keys (owners, managers): kind, category, channels, and the variables their templates may use, with examples' })
  @ApiPageResponse(NotificationKeyResponseDto, 'One page of keys, by key')
  list(@Query() query: PageQueryDto): Page<NotificationKeyResponseDto> {
    return this.templates.keys(query);
  }
}
