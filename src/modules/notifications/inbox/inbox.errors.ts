import { DomainError } from '../../../common/errors/index.js';

/** The inbox's error codes. */
export const InboxErrors = {
  notFound: (id: string) => new DomainError('staff_message.not_found', 404, `You have no message with id ${id}.`),
  ticketInvalid: () =>
    new DomainError(
      'inbox.stream_ticket_invalid',
      401,
      'The stream ticket is unknown, already used, expired, or its sign-in has ended: get a new one (POST /v1/me/notifications/stream-tickets).',
    ),
  unavailable: () =>
    new DomainError('inbox.stream_unavailable', 503, 'Live messages are briefly unavailable (this server is stopping, or Redis cannot be reached); try again shortly.', {
      headers: { 'retry-after': '5' },
    }),
};
