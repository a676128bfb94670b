import { applyDecorators, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { canSeeStore } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { StoreErrors } from './stores.errors.js';

const STORE_PARAM = 'bloom:store-param';

/**
 * Answers 404 `store.not_found` for a store the caller may not see, before the body is validated
 * or anything is read, so another store's routes answer exactly like a store that does not exist.
 * Runs after the global AuthGuard (which sets the actor). Services check again; this makes the
 * answer uniform for every route under `/v1/stores/{id}`.
 */
@Injectable()
export class StoreScopeGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const param = this.reflector.getAllAndOverride<string | undefined>(STORE_PARAM, [context.getHandler(), context.getClass()]) ?? 'id';
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const storeId = (request.params as Record<string, string | undefined>)[param];
    if (storeId === undefined || !request.actor) return true;
    if (!canSeeStore(request.actor, storeId)) throw StoreErrors.notFound(storeId);
    return true;
  }
}

/** Marks routes whose `param` path parameter is a store id the caller must be able to see. */
export function StoreScoped(param = 'id') {
  return applyDecorators(SetMetadata(STORE_PARAM, param), UseGuards(StoreScopeGuard));
}
