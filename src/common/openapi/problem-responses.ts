import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { standardProblemExample } from './problem-examples.js';

const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDto' };

/** Methods whose requests may carry a body, so may be refused for one (413, 415), with or without a requestBody. */
const WITH_BODY = new Set(['post', 'put', 'patch', 'delete']);

const STANDARD: Record<string, { description: (op: Operation) => string; when: (op: Operation, method: string) => boolean }> = {
  '400': {
    description: () =>
      'The request is malformed or fails validation (`request.validation_failed`; `errors[]` names each field), a URL does not decode (`request.bad_url`), JSON is nested too deep (`request.too_deep`)',
    when: () => true,
  },
  '401': { description: () => 'No valid credentials', when: (op) => (op.security?.length ?? 0) > 0 },
  '403': { description: () => 'Your role or API key scope may not do this', when: (op) => (op.security?.length ?? 0) > 0 },
  '413': { description: () => 'The body is larger than the server accepts (`request.body_too_large`)', when: (_op, method) => WITH_BODY.has(method) },
  '414': { description: () => 'A path parameter is longer than 100 characters (`request.uri_too_long`)', when: (op) => Boolean(op.parameters?.some((p) => p.in === 'path')) },
  '429': {
    description: () => "Too many requests from this customers' app: per client address with a publishable key, per customer with a session (`auth.rate_limited`, Retry-After)",
    when: (op) =>
      Boolean(op.security?.some((requirement) => typeof requirement === 'object' && requirement !== null && ('publishableKey' in requirement || 'customer' in requirement))),
  },
  '415': {
    description: (op) =>
      op.requestBody
        ? `The body is not ${Object.keys(op.requestBody.content ?? {}).join(' or ')}; \`accepted\` lists what is (\`request.unsupported_media_type\`)`
        : 'This operation takes no body; an empty JSON object at most (`request.unsupported_media_type`)',
    when: (_op, method) => WITH_BODY.has(method),
  },
  '431': { description: () => 'The request headers are larger than the server accepts (`request.headers_too_large`)', when: () => true },
  '500': { description: () => 'Internal error: only a request id is given; the log holds the rest', when: () => true },
};

const LOCATION = { description: 'The URL of the created resource', schema: { type: 'string', format: 'uri-reference' } };

interface Operation {
  requestBody?: { content?: Record<string, unknown> };
  parameters?: Array<{ in?: string }>;
  security?: unknown[];
  responses: Record<string, { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}

/** Every operation documents the problems any route can answer, with the Problem schema. */
export function addProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  // RFC 9457 extension members (`existingCustomerId`, `mergedIntoId`…) are the error's own.
  Object.assign(document.components.schemas.ProblemDto ?? {}, { additionalProperties: true });
  for (const [url, path] of Object.entries(document.paths)) {
    // A 201 carries Location when the created resource has a GET route (common/http/location.ts).
    const readable = Object.keys(document.paths).some((other) => other.startsWith(`${url}/{`) && !other.slice(url.length + 1).includes('/') && document.paths[other].get);
    for (const [method, raw] of Object.entries(path)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as Operation;
      for (const [status, { description, when }] of Object.entries(STANDARD)) {
        if (!op.responses[status] && when(op, method)) {
          op.responses[status] = { description: description(op), content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF, examples: sharedExample(document, status) } } };
        }
      }
      const created = op.responses['201'];
      if (created && readable && method === 'post') created.headers = { ...created.headers, Location: LOCATION };
      // Nest documents errors as application/json by default; Bloom sends problem+json (but a route's
      // own JSON error body, such as the readiness report's 503, stays what it is).
      for (const [status, response] of Object.entries(op.responses)) {
        const json = response.content?.['application/json'] as { schema?: { $ref?: string } } | undefined;
        if (Number(status) >= 400 && json && (!json.schema?.$ref || json.schema.$ref === PROBLEM_REF.$ref)) {
          response.content = { [PROBLEM_CONTENT_TYPE]: json };
        }
      }
    }
  }
  return document;
}

/** The example of a shared status, kept once in components.examples (a hundred operations refer to it). */
function sharedExample(document: OpenAPIObject, status: string): Record<string, { $ref: string }> {
  const value = standardProblemExample(status);
  const name = String(value.code);
  document.components!.examples ??= {};
  document.components!.examples[name] ??= { summary: String(value.title), value };
  return { [name]: { $ref: `#/components/examples/${name}` } };
}
