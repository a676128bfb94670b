import { CommonErrors, DomainError, referenceConstraint, registerConstraint, type FieldError } from '../../common/errors/index.js';

/** The webhooks module's error codes. */
export const WebhookErrors = {
  endpointNotFound: (id: string) => new DomainError('webhook_endpoint.not_found', 404, `No webhook endpoint with id ${id} is visible to you.`),
  messageNotFound: (id: string) => new DomainError('webhook_message.not_found', 404, `No webhook message with id ${id} is visible to you.`),
  unknownEventTypes: (errors: FieldError[]) =>
    new DomainError('webhook_endpoint.unknown_event_type', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      title: 'Unknown event type',
      errors,
    }),
  invalidUrl: (message: string) =>
    new DomainError('webhook_endpoint.invalid_url', 422, `url: ${message}.`, { title: 'This URL cannot receive webhooks', errors: [{ field: 'url', message }] }),
  storesRequired: () =>
    new DomainError('webhook_endpoint.stores_required', 403, 'Your API key is limited to some stores, so its endpoints must name some of them: give storeIds.', {
      title: 'Business-wide endpoints need an unlimited key',
      errors: [{ field: 'storeIds', message: 'must name stores your key is limited to' }],
    }),
  storesNotVisible: (ids: string[]) => CommonErrors.referenceNotFound('storeIds', 'store', ids),
  piiNotAllowed: () =>
    new DomainError('webhook_endpoint.pii_not_allowed', 403, 'Only owners and API keys with customers:pii may create endpoints that receive personal data.', {
      title: 'Personal data not allowed',
      errors: [{ field: 'includePii', message: 'needs the customers:pii scope' }],
    }),
  endpointDisabled: (id: string) => new DomainError('webhook_endpoint.disabled', 409, `Webhook endpoint ${id} is disabled: enable it first.`, { title: 'Endpoint disabled' }),
  messageNotFailed: (status: string) =>
    new DomainError('webhook_message.not_failed', 409, `Only failed messages can be retried; this one is ${status}.`, { title: 'Message not failed' }),
  emptyRange: () => CommonErrors.validation([{ field: 'to', message: 'must be after from' }]),
};

registerConstraint('fk_webhook_endpoint_store_store_id', referenceConstraint('storeIds', 'store'));
