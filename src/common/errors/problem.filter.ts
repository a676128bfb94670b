import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pgError, PG } from '../database/pg-errors.js';
import { RequestContexts } from '../http/request-context.js';
import { constraintFieldErrors, constraintMeaning } from './constraint-registry.js';
import { DomainError, type FieldError } from './domain-error.js';
import { defaultTitle, problemType, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';

/** Fastify's own errors carry a code and a status. */
interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const FASTIFY_CODES: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'request.unsupported_media_type', detail: 'This route does not accept a body of this content type.' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'request.bad_content_type', detail: 'The Content-Type header is not a valid media type.' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 400, code: 'request.bad_content_type', detail: 'The Content-Type header is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'request.body_too_large', detail: 'The request body is larger than the server accepts.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'request.malformed_json', detail: 'The body is empty but the content type says JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'request.malformed_json', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'request.bad_content_length', detail: 'Content-Length does not match the body.' },
  FST_ERR_BAD_URL: { status: 400, code: 'request.bad_url', detail: 'The URL is not valid: a percent-encoded part (%xx) does not decode.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'request.uri_too_long', detail: 'A part of the URL is longer than any id or name the API uses (100 characters).' },
};

/** Errors Node's HTTP parser raises before a request exists (Fastify's clientErrorHandler), as problems. */
export function clientErrorProblem(error: { code?: string }): Problem {
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request.headers_too_large', 'The request headers are larger than the server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request.timeout', 'The request was not received in time.']
        : [400, 'request.malformed_http', 'The request is not valid HTTP.'];
  return { type: problemType(code), title: defaultTitle(status), status, detail, code };
}

/** Turns any error into an RFC 9457 problem. A 500 says only "internal error"; the log holds the rest. */
export function toProblem(error: unknown, instance?: string): { problem: Problem; headers?: Record<string, string>; internal: boolean } {
  const requestId = RequestContexts.requestId();
  const make = (status: number, code: string, detail: string, { title, ...extra }: Partial<Problem> = {}): Problem => ({
    ...extra,
    type: problemType(code),
    title: title ?? defaultTitle(status),
    status,
    detail,
    code,
    instance,
    requestId,
  });

  if (error instanceof DomainError) {
    const { title, errors, extensions, headers } = error.options;
    return { problem: make(error.status, error.code, error.detail, { ...extensions, title, errors }), headers, internal: false };
  }

  const pg = pgError(error);
  if (pg?.code) {
    const meaning = constraintMeaning(pg.constraint);
    const errors: FieldError[] | undefined = constraintFieldErrors(meaning);
    switch (pg.code) {
      case PG.UNIQUE_VIOLATION:
        return { problem: make(409, meaning?.code ?? 'resource.conflict', meaning?.detail ?? 'This would duplicate an existing record.', { errors }), internal: false };
      case PG.EXCLUSION_VIOLATION:
        return { problem: make(409, meaning?.code ?? 'resource.overlap', meaning?.detail ?? 'This overlaps an existing record.', { errors }), internal: false };
      case PG.FOREIGN_KEY_VIOLATION:
        return {
          problem: make(422, meaning?.code ?? 'resource.reference_invalid', meaning?.detail ?? 'A referenced record does not exist or is still in use.', { errors }),
          internal: false,
        };
      case PG.CHECK_VIOLATION:
        return { problem: make(422, meaning?.code ?? 'resource.rule_violated', meaning?.detail ?? 'The change breaks a rule of this resource.', { errors }), internal: false };
      case PG.SERIALIZATION_FAILURE:
      case PG.DEADLOCK_DETECTED:
      case PG.LOCK_NOT_AVAILABLE:
        return { problem: make(409, 'resource.busy', 'Another change to the same data was in progress; retry the request.'), headers: { 'retry-after': '1' }, internal: false };
      case PG.INVALID_TEXT_REPRESENTATION:
      case PG.INVALID_DATETIME_FORMAT:
      case PG.DATETIME_FIELD_OVERFLOW:
      case PG.NUMERIC_VALUE_OUT_OF_RANGE:
        return { problem: make(400, 'request.invalid_value', 'A value in the request has the wrong format or is out of range.'), internal: false };
    }
  }

  // Fastify's own errors (body parsing, limits) reach the filter wrapped by Nest, the original as `cause`.
  const fastifyError = (error instanceof HttpException ? error.cause : error) as FastifyLikeError | undefined;
  const known = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return { problem: make(known.status, known.code, known.detail), internal: false };

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    const code = status === 404 ? 'route.not_found' : status === 405 ? 'route.method_not_allowed' : `http.${status}`;
    if (status >= 500) return { problem: make(500, 'internal', 'internal error', { title: 'Internal error' }), internal: true };
    // Nest's "Cannot GET /path?query": the query string is the caller's data, not needed to say what is wrong.
    return { problem: make(status, code, status === 404 ? detail.split('?')[0] : detail), internal: false };
  }

  // Any other client error of Fastify or Node: its message may quote the request, so only the status is told.
  const fastify = error as FastifyLikeError;
  if (fastify && typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { problem: make(fastify.statusCode, `http.${fastify.statusCode}`, defaultTitle(fastify.statusCode)), internal: false };
  }

  return { problem: make(500, 'internal', 'internal error', { title: 'Internal error' }), internal: true };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { problem, headers, internal } = toProblem(error, request?.url?.split('?')[0]);
    if (internal) this.logger.error({ err: error, requestId: problem.requestId }, 'unhandled error');
    sendProblem(reply, problem, headers);
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers?: Record<string, string>): void {
  if (reply.sent) return;
  for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
  const body = Object.fromEntries(Object.entries(problem).filter(([, v]) => v !== undefined));
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
