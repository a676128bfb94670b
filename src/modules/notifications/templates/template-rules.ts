/**
 * Which parts of a template each channel has, checked for owners' edits and for the defaults a
 * module ships (at `defineNotificationKey()`, so a broken default fails at import, before boot).
 */
import type { FieldError } from '../../../common/errors/index.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_LOCALES, type NotificationChannel, type NotificationKeyDefinition, type TemplateContent } from '../notification-contracts.js';
import { templateProblems } from './template-rendering.js';

type Presence = 'required' | 'optional' | 'absent';

interface ChannelParts {
  /** How people call the channel in messages. */
  label: string;
  subject: Presence;
  html: Presence;
  provider: Presence;
}

/**
 * E-mail has a subject and may have its own HTML; in-app may have a title; SMS may name an approved
 * provider template (Aliyun: template code and params; Twilio and the log provider send the body);
 * WeChat sends only approved subscription-message templates, so it must.
 */
export const CHANNEL_PARTS: Record<NotificationChannel, ChannelParts> = {
  email: { label: 'e-mail', subject: 'required', html: 'optional', provider: 'absent' },
  sms: { label: 'SMS', subject: 'absent', html: 'absent', provider: 'optional' },
  wechat: { label: 'WeChat', subject: 'absent', html: 'absent', provider: 'required' },
  in_app: { label: 'in-app', subject: 'optional', html: 'absent', provider: 'absent' },
};

const PART_NAMES = { subject: 'a subject', html: 'an HTML part', provider: 'a provider template' } as const;

/** A provider's field name: WeChat's `thing1`, `time2`; Aliyun's template params. */
const PROVIDER_FIELD = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/**
 * What a content lacks or has too much of for its channel. `shipped`: a default, whose provider
 * template id may be empty (each business has its own, set by its owner).
 */
export function channelProblems(channel: NotificationChannel, content: TemplateContent, options: { shipped?: boolean } = {}): FieldError[] {
  const parts = CHANNEL_PARTS[channel];
  const problems: FieldError[] = [];
  if (typeof content.body !== 'string' || content.body.trim() === '') problems.push({ field: 'body', message: 'must not be empty' });
  for (const part of ['subject', 'html', 'provider'] as const) {
    const given = content[part] !== undefined && content[part] !== null;
    if (parts[part] === 'absent' && given) problems.push({ field: part, message: `must be left out: ${parts.label} messages have no ${part === 'html' ? 'HTML part' : part}` });
    if (parts[part] === 'required' && !given) problems.push({ field: part, message: `is required: ${parts.label} messages need ${PART_NAMES[part]}` });
  }
  if (content.subject !== undefined && content.subject !== null && content.subject.trim() === '' && parts.subject !== 'absent') {
    problems.push({ field: 'subject', message: 'must not be empty' });
  }
  const provider = content.provider;
  if (provider && parts.provider !== 'absent') {
    if (!options.shipped && provider.id.trim() === '') {
      problems.push({ field: 'provider.id', message: `is required: the id of the template approved in your ${channel === 'wechat' ? 'mini-program' : 'SMS provider'}'s console` });
    }
    const names = Object.keys(provider.fields);
    if (channel === 'wechat' && names.length === 0) problems.push({ field: 'provider.fields', message: "must give at least one of the WeChat template's fields" });
    for (const name of names) {
      if (!PROVIDER_FIELD.test(name))
        problems.push({ field: `provider.fields.${name}`, message: 'is not a field name a provider uses (letters, digits and _, starting with a letter, up to 32)' });
    }
  }
  return problems;
}

/** Everything wrong with a content for a key's channel: its parts, then its templates. */
export function contentProblems(definition: NotificationKeyDefinition, channel: NotificationChannel, content: TemplateContent, options: { shipped?: boolean } = {}): FieldError[] {
  return [...channelProblems(channel, content, options), ...templateProblems(content, definition)];
}

/**
 * Why a content cannot be sent yet, or undefined when it can: a WeChat template whose id the owner
 * has not set (a default ships `{ id: '' }`: the id belongs to the business's own mini-program).
 */
export function notReadyReason(key: string, channel: NotificationChannel, content: TemplateContent): string | undefined {
  if (channel === 'wechat' && !content.provider?.id.trim()) {
    return `notification ${key} has no WeChat subscription-message template id yet: an owner sets the id of the template chosen in the mini-program's console (PUT /v1/notification-templates/${key}/wechat/{locale})`;
  }
  return undefined;
}

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** What is wrong with a key definition, each as a sentence (empty when none): checked when a module defines it. */
export function definitionProblems(definition: NotificationKeyDefinition): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(definition.variables)) {
    if (!VARIABLE_NAME.test(name)) problems.push(`variable ${JSON.stringify(name)} must be letters, digits and _, starting with a letter (customerName)`);
  }
  for (const name of definition.secretVariables ?? []) {
    if (!(name in definition.variables)) problems.push(`secret variable ${JSON.stringify(name)} is not one of its variables`);
  }
  if (definition.channels.length === 0) problems.push('it goes out on no channel');
  if (new Set(definition.channels).size !== definition.channels.length) problems.push('a channel is listed twice');
  for (const channel of definition.channels) {
    if (!NOTIFICATION_CHANNELS.includes(channel)) problems.push(`channel ${JSON.stringify(channel)} is not one of ${NOTIFICATION_CHANNELS.join(', ')}`);
  }
  for (const [channel, byLocale] of Object.entries(definition.defaults) as Array<[NotificationChannel, Record<string, TemplateContent> | undefined]>) {
    if (!definition.channels.includes(channel)) problems.push(`it has a default for ${channel}, which is not one of its channels`);
    for (const [locale, content] of Object.entries(byLocale ?? {})) {
      if (!(NOTIFICATION_LOCALES as readonly string[]).includes(locale))
        problems.push(`its ${channel} default is for locale ${locale}, not one of ${NOTIFICATION_LOCALES.join(', ')}`);
      else if (CHANNEL_PARTS[channel]) {
        for (const problem of contentProblems(definition, channel, content, { shipped: true }))
          problems.push(`its ${channel} ${locale} default: ${problem.field} ${problem.message}`);
      }
    }
  }
  for (const channel of definition.channels) {
    if (Object.keys(definition.defaults[channel] ?? {}).length === 0) problems.push(`it has no default template for ${channel}, one of its channels`);
  }
  return problems;
}
