import { applyDecorators, createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiHeader } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
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
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(String(header).trim());
  if (!match) throw CommonErrors.preconditionFailed();
  return Number(match[1]);
});

/** Sets `ETag` on every response whose body carries a numeric `version` (one resource). */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (body && typeof body === 'object' && typeof (body as { version?: unknown }).version === 'number') {
          context.switchToHttp().getResponse<FastifyReply>().header('etag', etagOf((body as { version: number }).version));
        }
        return body;
      }),
    );
  }
}

/** Documents the If-Match header and the 412/428 answers of a PATCH. */
export function ApiIfMatch() {
  return applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of your last read of this resource, e.g. "3"' }),
    ApiProblem(412, 'request.stale_version', 'The resource changed since you read it'),
    ApiProblem(428, 'request.if_match_required', 'If-Match is missing'),
  );
}
