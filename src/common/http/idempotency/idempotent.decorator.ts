import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblem } from '../../openapi/api-problem.decorator.js';
import { IdempotencyErrors } from './idempotency.errors.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IDEMPOTENT_METADATA, type IdempotentOptions } from './idempotent.metadata.js';

/**
 * Opts a route into Idempotency-Key handling (DESIGN §4) and documents it in OpenAPI. With a key,
 * the handler runs in one transaction with the remembered response: the same key and request
 * replays the first successful response (with `Idempotent-Replayed: true`); the same key with
 * another request answers 422; while the first is running, 409 with Retry-After. Failed requests
 * are not remembered (their transaction rolled back), so they may be retried with the same key.
 *
 * The route must answer JSON. If it documents its own 409 with @ApiProblem, put @Idempotent()
 * below it and mention `idempotency.in_flight` there: one status has one entry in OpenAPI.
 */
export function Idempotent(options: IdempotentOptions = {}) {
  const required = options.required ?? false;
  return applyDecorators(
    SetMetadata(IDEMPOTENT_METADATA, { required, transaction: options.transaction } satisfies IdempotentOptions),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required,
      description:
        'A unique key per operation (a UUID), 1–255 printable characters, remembered for 24 h per caller. Retrying with the same key and body ' +
        'replays the first successful response with the header `Idempotent-Replayed: true` instead of repeating the effect.',
      schema: { type: 'string', maxLength: 255 },
    }),
    ApiProblem(409, 'idempotency.in_flight', 'A request with this Idempotency-Key is still in progress; retry after Retry-After seconds', IdempotencyErrors.inFlight(1)),
    ApiProblem(422, 'idempotency.key_reused', 'This Idempotency-Key was used for a different request', IdempotencyErrors.keyReused()),
  );
}
