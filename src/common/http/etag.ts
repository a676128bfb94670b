import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblem } from '../openapi/api-problem.decorator.js';
import { CommonErrors } from '../errors/domain-error.js';

/**
 * Optimistic concurrency for resources people edit (DESIGN §3): each carries a `version`; reads
 * answer `ETag: "<version>"`; a PATCH must send it back in `If-Match`.
 */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version a PATCH expects, from `If-Match`. Missing → 428; anything but one of our ETags → 412
 * (it cannot match the current version).
 */
export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header === '') throw CommonErrors.preconditionRequired();
  // `*` would match any version (RFC 9110), which protects no edit: ask for the real ETag.
  if (String(header).trim() === '*') throw CommonErrors.preconditionRequired('If-Match: * cannot protect your edit from someone else\'s: send the ETag of your last read, e.g. "3".');
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(String(header).trim());
  if (!match) throw CommonErrors.preconditionFailed();
  return Number(match[1]);
});

/**
 * Sets `ETag` on every response whose body carries a numeric `version` (one resource). A Fastify
 * hook on the object about to be serialised, not a Nest interceptor: with no global interceptor,
 * Nest runs a route without building an rxjs chain.
 */
export function addEtagHook(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload: unknown, done) => {
    if (payload && typeof payload === 'object' && typeof (payload as { version?: unknown }).version === 'number') {
      void reply.header('etag', etagOf((payload as { version: number }).version));
    }
    done(null, payload);
  });
}

/** Documents the If-Match header and the 412/428 answers of a PATCH. */
export function ApiIfMatch() {
  return applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of your last read of this resource, e.g. "3"' }),
    ApiProblem(412, 'request.stale_version', 'The resource changed since you read it', CommonErrors.preconditionFailed()),
    ApiProblem(428, 'request.if_match_required', 'If-Match is missing', CommonErrors.preconditionRequired()),
  );
}
