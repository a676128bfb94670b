import { DomainError, type FieldError } from '../../../common/errors/index.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_LOCALES, PermanentSendError } from '../notification-contracts.js';

/** The notification templates' error codes. */
export const NotificationTemplateErrors = {
  keyNotFound: (key: string) => new DomainError('notification_key.not_found', 404, `No notification key ${key}: GET /v1/notification-keys lists them.`),
  channelNotFound: (channel: string) => new DomainError('notification_template.not_found', 404, `No channel ${channel}: the channels are ${NOTIFICATION_CHANNELS.join(', ')}.`),
  localeNotFound: (locale: string) => new DomainError('notification_template.not_found', 404, `No locale ${locale}: the locales are ${NOTIFICATION_LOCALES.join(', ')}.`),
  /** The key exists but never goes out on this channel: a template for it would never be used. */
  channelNotUsed: (key: string, channel: string, channels: readonly string[], field = 'channel') =>
    new DomainError('notification_template.channel_not_used', 422, `Notification ${key} does not go out on ${channel}; its channels are ${channels.join(', ')}.`, {
      title: 'The notification does not use this channel',
      errors: [{ field, message: `is not a channel of ${key} (${channels.join(', ')})` }],
    }),
  /** Unknown variables, invalid syntax, refused tags, parts the channel does not have: each in `errors[]` by field. */
  invalid: (errors: FieldError[]) =>
    new DomainError('notification_template.invalid', 422, errors.map((error) => `${error.field}: ${error.message}`).join('; '), {
      title: 'The template is not valid',
      errors,
    }),
  unknownKey: (key: string, field = 'key') =>
    new DomainError('notification_key.not_found', 422, `No notification key ${key}: GET /v1/notification-keys lists them.`, {
      title: 'No such notification key',
      errors: [{ field, message: 'is not a notification key' }],
    }),
};

/**
 * A template that cannot be sent until an owner completes it (a WeChat template id). Permanent: no
 * retry can fix it, so the message fails at once with this reason in the log.
 */
export class TemplateNotReadyError extends PermanentSendError {
  constructor(message: string) {
    super(message, 'template.not_ready');
    this.name = 'TemplateNotReadyError';
  }
}
