import { DomainError } from '../../../common/errors/index.js';

/** The error codes of the notification log and its actions. */
export const NotificationErrors = {
  notFound: (id?: string) => new DomainError('notification.not_found', 404, id ? `No notification with id ${id} is visible to you.` : 'No such notification.'),
  /** A one-time code (password reset) is erased once its message is done with: the person asks for a new one. */
  notResendable: (key: string) =>
    new DomainError('notification.not_resendable', 409, `A ${key} notification carries a one-time value that was erased after sending; ask for a new one instead.`, {
      extensions: { key },
    }),
  notFailed: (status: string) =>
    new DomainError('notification.not_failed', 409, `Only a failed notification can be sent again; this one is ${status}.`, { extensions: { status } }),
  /** The recipient of a test message cannot be reached on the channel (not a phone number, an address for another channel). */
  unreachable: (field: string, message: string) =>
    new DomainError('notification.unreachable_recipient', 422, `${field}: ${message}`, { title: 'The recipient cannot be reached', errors: [{ field, message }] }),
};
