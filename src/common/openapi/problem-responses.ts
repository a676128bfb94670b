import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { standardProblemExample } from './problem-examples.js';

const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDto' };

const STANDARD: Record<string, { description: string; when: (op: Operation) => boolean }> = {
  '400': { description: 'The request is malformed or fails validation; `errors[]` names each field', when: (op) => Boolean(op.requestBody) || (op.parameters?.length ?? 0) > 0 },
  '401': { description: 'No valid credentials', when: (op) => (op.security?.length ?? 0) > 0 },
  '403': { description: 'Your role or API key scope may not do this', when: (op) => (op.security?.length ?? 0) > 0 },
  '413': { description: 'The body is larger than the server accepts', when: (op) => Boolean(op.requestBody) },
  '415': { description: 'The body is not application/json', when: (op) => Boolean(op.requestBody) },
  '431': { description: 'The request headers are larger than the server accepts', when: () => true },
  '500': { description: 'Internal error: only a request id is given; the log holds the rest', when: () => true },
};

interface Operation {
  requestBody?: unknown;
  parameters?: unknown[];
  security?: unknown[];
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

/** Every operation documents the problems any route can answer, with the Problem schema. */
export function addProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  // RFC 9457 extension members (`existingCustomerId`, `mergedIntoId`…) are the error's own.
  Object.assign(document.components.schemas.ProblemDto ?? {}, { additionalProperties: true });
  for (const path of Object.values(document.paths)) {
    for (const [method, raw] of Object.entries(path)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as Operation;
      for (const [status, { description, when }] of Object.entries(STANDARD)) {
        if (!op.responses[status] && when(op)) {
          op.responses[status] = { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF, examples: sharedExample(document, status) } } };
        }
      }
      // Nest documents errors as application/json by default; Bloom sends problem+json.
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && response.content?.['application/json']) {
          response.content = { [PROBLEM_CONTENT_TYPE]: response.content['application/json'] };
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
