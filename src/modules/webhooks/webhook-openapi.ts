import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { webhookEventTypes } from './webhook-events.js';
import { WEBHOOK_TEST_TYPE, WebhookTestDataDto } from './webhook-test-event.js';

/** The classes of every event's `data`, for the document's components (createDocument's `extraModels`). */
export function webhookSchemaModels(): Function[] {
  return [...new Set([...webhookEventTypes().map((definition) => definition.schema), WebhookTestDataDto])];
}

const SIGNATURE_HEADERS = [
  {
    name: 'webhook-id',
    description: 'The message id (`msg_…`): the same on every retry and replay, so receivers de-duplicate on it',
    example: 'msg_3f9a1c2e8b7d4e6fa1b2c3d4e5f60718',
  },
  { name: 'webhook-timestamp', description: "The attempt's time, in seconds since the epoch: refuse messages too far from your clock (5 minutes)", example: '1764043200' },
  {
    name: 'webhook-signature',
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` keyed with the base64-decoded part of the secret after `whsec_`; ' +
      'during the 24 hours after a secret rotation, two signatures separated by a space (either one verifying is enough). Verify with the `standardwebhooks` libraries.',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  },
];

/**
 * The events partners receive, as the OpenAPI 3.0 `x-webhooks` extension (the document is 3.0; 3.1
 * calls it `webhooks`): one POST per event type with the Standard Webhooks headers and the payload
 * `{ type, timestamp, data }`, `data` referring to the type's schema.
 */
export function addWebhooksToOpenApi(document: OpenAPIObject): OpenAPIObject {
  const events = [
    ...webhookEventTypes().map(({ type, description, schema }) => ({ type, description, schema })),
    { type: WEBHOOK_TEST_TYPE, description: 'Sent on demand by POST /v1/webhook-endpoints/{id}/test, whatever types the endpoint listens to.', schema: WebhookTestDataDto },
  ];
  const webhooks: Record<string, unknown> = {};
  for (const { type, description, schema } of events) {
    webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace(/\./g, '_')}`,
        summary: `${type}: ${description.split('.')[0]}`,
        description: `${description}\n\nPersonal data in \`data\` is masked unless the endpoint was created with \`includePii\`.`,
        tags: ['webhooks'],
        // Bloom calls the partner: no credentials of Bloom's API apply; the signature headers authenticate the message.
        security: [],
        parameters: SIGNATURE_HEADERS.map(({ name, description: about, example }) => ({
          name,
          in: 'header',
          required: true,
          description: about,
          schema: { type: 'string', example },
        })),
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['type', 'timestamp', 'data'],
                properties: {
                  type: { type: 'string', enum: [type] },
                  timestamp: { type: 'string', format: 'date-time', description: 'When the event occurred' },
                  data: { $ref: getSchemaPath(schema) },
                },
              },
            },
          },
        },
        responses: {
          '200': { description: 'Any 2xx answer means received; anything else (a redirect too) is retried: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h' },
          '410': { description: 'Like any other non-2xx answer: retried, and the endpoint is disabled after failing for 5 days' },
        },
      },
    };
  }
  (document as OpenAPIObject & { 'x-webhooks'?: unknown })['x-webhooks'] = webhooks;
  return document;
}
