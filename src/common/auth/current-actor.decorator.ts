import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../http/request-context.js';
import { AuthErrors } from './auth.errors.js';

/** The authenticated caller of a non-public route. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = (context.switchToHttp().getRequest<FastifyRequest>() as FastifyRequest & { actor?: Actor }).actor;
  if (!actor) throw AuthErrors.unauthenticated();
  return actor;
});
