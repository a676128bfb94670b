import { DomainError } from '../../../common/errors/index.js';
import { ApiProblem } from '../../../common/openapi/index.js';

const CHANNEL_SETTINGS: Record<string, string> = {
  email: 'SMTP_URL (without it e-mails are only logged)',
  sms: 'SMS_PROVIDER with its provider settings',
  wechat: 'WECHAT_APP_ID and WECHAT_APP_SECRET',
  in_app: 'nothing here: in-app messages go to the staff inbox, not through a channel sender',
};

/** The channels' error codes: senders that are not configured, and delivery receipts that are not genuine. */
export const ChannelErrors = {
  notConfigured: (channel: string) =>
    new DomainError('notification_channel.not_configured', 422, `The ${channel} channel is not configured on this server: set ${CHANNEL_SETTINGS[channel] ?? 'its settings'}.`, {
      title: 'This notification channel is not configured',
      errors: [{ field: 'channel', message: `is not configured (${channel})` }],
    }),
  unknownProvider: (provider: string) =>
    new DomainError('notification_receipt.unknown_provider', 404, `No delivery receipts are taken from "${provider}": the providers are aliyun, twilio and wechat.`),
  /** A provider we know but cannot check: accepting its receipts unchecked would let anyone mark messages delivered. */
  receiptsNotConfigured: (provider: string, setting: string) =>
    new DomainError('notification_receipt.unknown_provider', 404, `Delivery receipts from ${provider} are not enabled on this server (set ${setting}).`),
  badSignature: (provider: string, field: string) =>
    new DomainError('notification_receipt.bad_signature', 401, `This ${provider} delivery receipt is not signed as ${provider} signs its receipts.`, {
      title: 'The receipt signature is not valid',
      errors: [{ field, message: 'does not match' }],
    }),
  unreadable: (provider: string, field: string, message: string) =>
    new DomainError('notification_receipt.unreadable', 400, `This ${provider} delivery receipt cannot be read: ${field} ${message}.`, {
      title: 'The receipt cannot be read',
      errors: [{ field, message }],
    }),
};

/** How the receipts route documents them. */
export const ReceiptBadSignature = () => ApiProblem(401, 'notification_receipt.bad_signature', 'The receipt is not signed as the provider signs (or the Aliyun token is wrong)');
export const ReceiptUnreadable = () => ApiProblem(400, 'notification_receipt.unreadable', 'The receipt is not in the format the provider sends; `errors[]` names the field');
export const ReceiptUnknownProvider = () => ApiProblem(404, 'notification_receipt.unknown_provider', 'No such provider, or its receipts are not enabled on this server');
