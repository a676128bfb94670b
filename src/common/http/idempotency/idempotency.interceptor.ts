import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { Db } from '../../database/db.service.js';
import { RequestContexts } from '../request-context.js';
import { idempotencyScope, isValidIdempotencyKey, requestFingerprint } from './fingerprint.js';
import { IDEMPOTENT_METADATA, type IdempotentOptions } from './idempotent.metadata.js';
import { IdempotencyErrors } from './idempotency.errors.js';
import { IdempotencyStore, type KeyRef } from './idempotency.store.js';

/** Response headers a replay repeats; the rest (request id, dates, lengths) belong to each answer. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'content-location', 'last-modified'];

/**
 * Idempotency-Key for routes marked @Idempotent() (DESIGN §4); every other route passes straight
 * through. See IdempotencyStore for the protocol: claim the key (committed at once), run the handler
 * in a transaction that also stores its response, release the key if the handler fails.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT_METADATA, context.getHandler());
    if (!options || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || header === '') {
      if (options.required) throw IdempotencyErrors.keyRequired();
      return next.handle();
    }
    if (typeof header !== 'string' || !isValidIdempotencyKey(header)) throw IdempotencyErrors.keyInvalid();
    return from(this.handle(header, options, request, context.switchToHttp().getResponse<FastifyReply>(), next));
  }

  private async handle(key: string, options: IdempotentOptions, request: FastifyRequest, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const ref: KeyRef = { scope: idempotencyScope(RequestContexts.actor()), key };
    const begun = await this.store.begin(
      {
        ...ref,
        fingerprint: requestFingerprint(request.method, request.url, request.body),
        method: request.method,
        path: request.url.split('?')[0],
        requestId: RequestContexts.requestId(),
      },
      { ttlMs: this.config.IDEMPOTENCY_TTL, lockMs: this.config.IDEMPOTENCY_LOCK_TIMEOUT },
    );

    if (begun.kind === 'replay') {
      for (const [name, value] of Object.entries(begun.headers)) void reply.header(name, value);
      void reply.status(begun.status).header('idempotent-replayed', 'true');
      return begun.body === null ? undefined : JSON.parse(begun.body);
    }

    try {
      // next.handle() is called inside the transaction so the handler (and its @Transactional
      // services) join it; the response is stored in the same transaction.
      return await this.db.transaction(async () => {
        const result: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const stored = await this.store.complete(ref, begun.token, {
          status: reply.statusCode,
          headers: replayableHeaders(reply),
          body: result === undefined ? null : JSON.stringify(result),
        });
        // Our claim expired and a retry took the key over: undo our effect, theirs counts.
        if (!stored) throw IdempotencyErrors.inFlight(1);
        return result;
      }, options.transaction);
    } catch (error) {
      await this.store.release(ref, begun.token).catch((releaseError: unknown) => {
        this.logger.error({ err: releaseError }, 'could not release an Idempotency-Key; it frees itself after IDEMPOTENCY_LOCK_TIMEOUT');
      });
      throw error;
    }
  }
}

function replayableHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}
