import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { columnList, Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import type { Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_LOCALES,
  type NotificationChannel,
  type NotificationKeyDefinition,
  type NotificationLocale,
  type RenderedMessage,
  type TemplateContent,
} from '../notification-contracts.js';
import { notificationKey, notificationKeys } from '../notification-keys.js';
import type {
  NotificationKeyResponseDto,
  NotificationTemplateListQueryDto,
  NotificationTemplateResponseDto,
  PreviewTemplateDto,
  TemplateContentDto,
  TemplatePreviewResponseDto,
} from './dto/notification-template.dto.js';
import { NotificationTemplate } from './notification-template.entity.js';
import { NotificationTemplateErrors, TemplateNotReadyError } from './notification-templates.errors.js';
import { KEY_PAGES, keyOrder, pageOf, TEMPLATE_PAGES, templateOrder } from './template-pages.js';
import { renderContent, type TemplateValues } from './template-rendering.js';
import { contentProblems, notReadyReason } from './template-rules.js';

const COLUMNS = columnList<NotificationTemplate>({
  id: 'id',
  key: 'key',
  channel: 'channel',
  locale: 'locale',
  subject: 'subject',
  body: 'body',
  html: 'html',
  provider: 'provider',
  version: 'version',
  updatedBy: 'updated_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** The template a locale gets: its own edit, its default, else the other locale's (edit, then default). */
interface Effective {
  content: TemplateContent;
  /** The locale whose template it is (the other one when this locale has none). */
  locale: NotificationLocale;
  edit?: NotificationTemplate;
}

function contentOf(row: NotificationTemplate): TemplateContent {
  return { subject: row.subject ?? undefined, body: row.body, html: row.html ?? undefined, provider: row.provider ?? undefined };
}

/** A request's content: null and absent mean the same (no such part). */
function fromDto(dto: TemplateContentDto): TemplateContent {
  return {
    subject: dto.subject ?? undefined,
    body: dto.body,
    html: dto.html ?? undefined,
    provider: dto.provider ? { id: dto.provider.id, fields: { ...dto.provider.fields } } : undefined,
  };
}

function effective(definition: NotificationKeyDefinition, channel: NotificationChannel, locale: NotificationLocale, edits: NotificationTemplate[]): Effective | undefined {
  for (const candidate of [locale, ...NOTIFICATION_LOCALES.filter((other) => other !== locale)]) {
    const edit = edits.find((row) => row.locale === candidate);
    if (edit) return { content: contentOf(edit), locale: candidate, edit };
    const shipped = definition.defaults[channel]?.[candidate];
    if (shipped) return { content: shipped, locale: candidate };
  }
  return undefined;
}

function variablesOf(definition: NotificationKeyDefinition) {
  return Object.entries(definition.variables).map(([name, variable]) => ({ name, description: variable.description, example: variable.example }));
}

/** What the audit keeps of a template (its text, not who may see it). */
function auditView(content: TemplateContent, version: number) {
  return { subject: content.subject ?? null, body: content.body, html: content.html ?? null, provider: content.provider ?? null, version };
}

/**
 * Templates per notification key, channel and locale: the defaults each key ships, owners' edits in
 * `notification_template`, rendering for the channels, and preview.
 */
@Injectable()
export class NotificationTemplates {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * The message for one recipient: the owner's edit or the default, in `locale` or else the other
   * locale. One indexed query (both locales' edits of the key and channel), no cache: it reads what
   * its transaction sees, so an edit takes effect at once in every process without an invalidation
   * protocol, at the cost of one primary-key-sized lookup; parsed templates are cached by their text.
   * Throws an Error for a key or channel no module defined (a wiring bug) and a TemplateNotReadyError
   * (permanent) for a WeChat template whose id no owner has set.
   */
  async render(key: string, channel: NotificationChannel, locale: NotificationLocale, variables: TemplateValues): Promise<RenderedMessage> {
    const definition = notificationKey(key);
    if (!definition) throw new Error(`notification key ${key} is not defined (a module defines its keys with defineNotificationKey)`);
    if (!definition.channels.includes(channel)) throw new Error(`notification ${key} has no template for ${channel}: its channels are ${definition.channels.join(', ')}`);
    const edits = await this.db.rows<NotificationTemplate>(`SELECT ${COLUMNS} FROM notification_template WHERE key = $1 AND channel = $2`, [key, channel]);
    const chosen = effective(definition, channel, locale, edits);
    if (!chosen) throw new Error(`notification ${key} has no template for ${channel} in any locale`);
    const reason = notReadyReason(key, channel, chosen.content);
    if (reason) throw new TemplateNotReadyError(reason);
    return renderContent(chosen.content, variables, channel, chosen.locale);
  }

  /** The effective template of every key, channel and locale (filtered), by key, channel, locale. */
  async list(query: NotificationTemplateListQueryDto): Promise<Page<NotificationTemplateResponseDto>> {
    const definitions = query.key ? [notificationKey(query.key)].filter((definition) => definition !== undefined) : notificationKeys();
    const edits = await this.db.rows<NotificationTemplate>(
      `SELECT ${COLUMNS} FROM notification_template WHERE ($1::text IS NULL OR key = $1) AND ($2::text IS NULL OR channel = $2)`,
      [query.key ?? null, query.channel ?? null],
    );
    const all = definitions.flatMap((definition) =>
      definition.channels
        .filter((channel) => !query.channel || channel === query.channel)
        .flatMap((channel) =>
          NOTIFICATION_LOCALES.filter((locale) => !query.locale || locale === query.locale).map((locale) =>
            this.toResponse(
              definition,
              channel,
              locale,
              edits.filter((row) => row.key === definition.key && row.channel === channel),
            ),
          ),
        ),
    );
    return pageOf(all.sort(templateOrder), query, { codec: TEMPLATE_PAGES, positionOf: ({ key, channel, locale }) => ({ key, channel, locale }), compare: templateOrder });
  }

  async get(key: string, channel: string, locale: string): Promise<NotificationTemplateResponseDto> {
    const { definition, channel: known, locale: knownLocale } = this.resolve(key, channel, locale);
    return this.toResponse(definition, known, knownLocale, await this.editsOf(key, known));
  }

  /**
   * Saves an owner's edit. The first edit of a template needs no If-Match (or `"0"`, the default's
   * version); a later one must name the edit's version. Two owners saving at once: the conditional
   * UPDATE (or the unique key, for a first edit) lets one win and answers the other 412.
   */
  @Transactional()
  async save(actor: Actor, key: string, channel: string, locale: string, ifMatch: number | undefined, dto: TemplateContentDto): Promise<NotificationTemplateResponseDto> {
    const target = this.resolve(key, channel, locale);
    const content = fromDto(dto);
    const problems = contentProblems(target.definition, target.channel, content);
    if (problems.length) throw NotificationTemplateErrors.invalid(problems);
    const values = [
      content.subject ?? null,
      content.body,
      content.html ?? null,
      content.provider ? JSON.stringify(content.provider) : null,
      actor.kind === 'user' ? actor.id : null,
    ];
    const [existing] = await this.editsOf(key, target.channel, target.locale);
    let row: NotificationTemplate | undefined;
    if (existing) {
      if (ifMatch === undefined) {
        throw CommonErrors.preconditionRequired("This template has an owner's edit: send If-Match with the ETag of your last read, so no one else's edit is overwritten.");
      }
      assertVersion(existing, ifMatch);
      row = await updateVersioned<NotificationTemplate>(this.db, {
        table: 'notification_template',
        id: existing.id,
        expectedVersion: ifMatch,
        changes: [
          ['subject', values[0]],
          ['body', values[1]],
          ['html', values[2]],
          ['provider', values[3]],
          ['updated_by', values[4]],
        ],
        returning: COLUMNS,
      });
    } else {
      if (ifMatch !== undefined && ifMatch !== 0) throw CommonErrors.preconditionFailed();
      // Another owner's first edit committing meanwhile makes this one stale (it was based on the default).
      [row] = await this.db.rows<NotificationTemplate>(
        `INSERT INTO notification_template (key, channel, locale, subject, body, html, provider, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ON CONSTRAINT uq_notification_template_key_channel_locale DO NOTHING RETURNING ${COLUMNS}`,
        [key, target.channel, target.locale, ...values],
      );
      if (!row) throw CommonErrors.preconditionFailed();
    }
    const before = effective(target.definition, target.channel, target.locale, existing ? [existing] : [])!;
    await this.audit.record({
      action: 'notification_template.update',
      entityType: 'notification_template',
      entityId: `${key}/${target.channel}/${target.locale}`,
      before: auditView(before.content, existing?.version ?? 0),
      after: auditView(contentOf(row), row.version),
    });
    return this.toResponse(target.definition, target.channel, target.locale, await this.editsOf(key, target.channel));
  }

  /** Goes back to the default (audited); nothing to do when there is no edit. If-Match, when sent, must name the edit's version. */
  @Transactional()
  async reset(key: string, channel: string, locale: string, ifMatch: number | undefined): Promise<NotificationTemplateResponseDto> {
    const target = this.resolve(key, channel, locale);
    const [existing] = await this.db.rows<NotificationTemplate>(`SELECT ${COLUMNS} FROM notification_template WHERE key = $1 AND channel = $2 AND locale = $3 FOR UPDATE`, [
      key,
      target.channel,
      target.locale,
    ]);
    if (ifMatch !== undefined && ifMatch !== (existing?.version ?? 0)) throw CommonErrors.preconditionFailed();
    if (existing) {
      await this.db.execute('DELETE FROM notification_template WHERE id = $1', [existing.id]);
      await this.audit.record({
        action: 'notification_template.reset',
        entityType: 'notification_template',
        entityId: `${key}/${target.channel}/${target.locale}`,
        before: auditView(contentOf(existing), existing.version),
      });
    }
    return this.toResponse(target.definition, target.channel, target.locale, await this.editsOf(key, target.channel));
  }

  /** Renders the stored template or `content` with the examples, overridden by the values given. Nothing is saved. */
  async preview(dto: PreviewTemplateDto): Promise<TemplatePreviewResponseDto> {
    const definition = notificationKey(dto.key);
    if (!definition) throw NotificationTemplateErrors.unknownKey(dto.key);
    if (!definition.channels.includes(dto.channel)) throw NotificationTemplateErrors.channelNotUsed(dto.key, dto.channel, definition.channels);
    const declared = Object.keys(definition.variables);
    const unknown = Object.keys(dto.variables ?? {}).filter((name) => !Object.hasOwn(definition.variables, name));
    if (unknown.length) {
      throw NotificationTemplateErrors.invalid(
        unknown.map((name) => ({ field: `variables.${name}`, message: `is not a variable of ${dto.key}: its variables are ${declared.join(', ') || 'none'}` })),
      );
    }
    let chosen: Effective;
    if (dto.content) {
      const content = fromDto(dto.content);
      const problems = contentProblems(definition, dto.channel, content);
      if (problems.length) throw NotificationTemplateErrors.invalid(problems.map((problem) => ({ field: `content.${problem.field}`, message: problem.message })));
      chosen = { content, locale: dto.locale };
    } else {
      chosen = effective(definition, dto.channel, dto.locale, await this.editsOf(dto.key, dto.channel))!;
    }
    const values: Record<string, string | number> = {
      ...Object.fromEntries(Object.entries(definition.variables).map(([name, variable]) => [name, variable.example])),
      ...dto.variables,
    };
    const rendered = renderContent(chosen.content, values, dto.channel, chosen.locale);
    const reason = notReadyReason(dto.key, dto.channel, chosen.content);
    return {
      subject: rendered.subject ?? null,
      text: rendered.text,
      html: rendered.html ?? null,
      provider: rendered.provider ?? null,
      variables: values,
      stored: !dto.content,
      ready: !reason,
      notReadyReason: reason ?? null,
    };
  }

  /** The catalog of notification keys, by key. */
  keys(query: { limit?: number; cursor?: string }): Page<NotificationKeyResponseDto> {
    return pageOf(
      notificationKeys().map((definition) => ({
        key: definition.key,
        kind: definition.kind,
        category: definition.category,
        description: definition.description,
        channels: [...definition.channels],
        variables: variablesOf(definition),
      })),
      query,
      { codec: KEY_PAGES, positionOf: ({ key }) => ({ key }), compare: keyOrder },
    );
  }

  /** The key, channel and locale of a path: 404 for what does not exist, 422 for a channel the key does not use. */
  private resolve(key: string, channel: string, locale: string): { definition: NotificationKeyDefinition; channel: NotificationChannel; locale: NotificationLocale } {
    const definition = notificationKey(key);
    if (!definition) throw NotificationTemplateErrors.keyNotFound(key);
    if (!(NOTIFICATION_CHANNELS as readonly string[]).includes(channel)) throw NotificationTemplateErrors.channelNotFound(channel);
    if (!(NOTIFICATION_LOCALES as readonly string[]).includes(locale)) throw NotificationTemplateErrors.localeNotFound(locale);
    if (!definition.channels.includes(channel as NotificationChannel)) throw NotificationTemplateErrors.channelNotUsed(key, channel, definition.channels);
    return { definition, channel: channel as NotificationChannel, locale: locale as NotificationLocale };
  }

  private editsOf(key: string, channel: NotificationChannel, locale?: NotificationLocale): Promise<NotificationTemplate[]> {
    return locale
      ? this.db.rows<NotificationTemplate>(`SELECT ${COLUMNS} FROM notification_template WHERE key = $1 AND channel = $2 AND locale = $3`, [key, channel, locale])
      : this.db.rows<NotificationTemplate>(`SELECT ${COLUMNS} FROM notification_template WHERE key = $1 AND channel = $2`, [key, channel]);
  }

  private toResponse(
    definition: NotificationKeyDefinition,
    channel: NotificationChannel,
    locale: NotificationLocale,
    edits: NotificationTemplate[],
  ): NotificationTemplateResponseDto {
    const chosen = effective(definition, channel, locale, edits)!;
    // Only this locale's own edit counts as customizing it; a fallback shows what its recipients get.
    const own = chosen.edit && chosen.locale === locale ? chosen.edit : undefined;
    const reason = notReadyReason(definition.key, channel, chosen.content);
    return {
      key: definition.key,
      channel,
      locale,
      subject: chosen.content.subject ?? null,
      body: chosen.content.body,
      html: chosen.content.html ?? null,
      provider: chosen.content.provider ?? null,
      customized: own !== undefined,
      version: own?.version ?? 0,
      fallbackLocale: chosen.locale === locale ? null : chosen.locale,
      ready: !reason,
      notReadyReason: reason ?? null,
      variables: variablesOf(definition),
      updatedBy: own?.updatedBy ?? null,
      updatedAt: own?.updatedAt ?? null,
    };
  }
}
