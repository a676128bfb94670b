import { STATUS_CODES } from 'node:http';
import { AuthErrors } from '../auth/auth.errors.js';
import { CommonErrors } from '../errors/domain-error.js';
import { clientErrorProblem, toProblem } from '../errors/problem.filter.js';

/** The request id every example shows (a real problem carries the request's own). */
const EXAMPLE_REQUEST_ID = '0b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11';

/**
 * The problem document Bloom sends for `error`, built by the problem filter itself, so an example
 * shows the real title, detail and extensions (`existingCustomerId`…) of the error definition.
 */
export function problemExample(error: unknown): Record<string, unknown> {
  const { problem } = toProblem(error);
  return Object.fromEntries(Object.entries({ ...problem, requestId: EXAMPLE_REQUEST_ID }).filter(([, value]) => value !== undefined));
}

/** Fastify's own errors as the filter receives them (body parsing and limits). */
const fastifyError = (code: string) => Object.assign(new Error(code), { code });

/** The example of a status every operation may answer (see addProblemResponses). */
export function standardProblemExample(status: string): Record<string, unknown> {
  // Node's HTTP parser refuses these before a request exists; the problem is written to the socket.
  if (status === '431') return { ...clientErrorProblem({ code: 'HPE_HEADER_OVERFLOW' }), requestId: EXAMPLE_REQUEST_ID };
  const error = STANDARD_PROBLEMS[status] ?? (() => Object.assign(new Error(STATUS_CODES[status]), { statusCode: Number(status) }));
  return problemExample(error());
}

/** One real error per status; a status without one shows what the filter makes of Fastify's. */
const STANDARD_PROBLEMS: Record<string, () => unknown> = {
  '400': () => CommonErrors.validation([{ field: 'name', message: 'must not be empty' }]),
  '401': () => AuthErrors.unauthenticated(),
  '403': () => AuthErrors.forbiddenRole('beautician'),
  '413': () => fastifyError('FST_ERR_CTP_BODY_TOO_LARGE'),
  '414': () => fastifyError('FST_ERR_MAX_PARAM_LENGTH'),
  '415': () => fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE'),
  '429': () => AuthErrors.customerAppRateLimited(12),
  '500': () => new Error('an internal error whose details stay in the log'),
};
