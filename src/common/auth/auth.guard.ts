import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { RequestContexts, type Actor } from '../http/request-context.js';
import { FixedWindowLimiter } from '../redis/fixed-window-limiter.js';
import { ACCESS_METADATA, type AccessRule } from './access.decorators.js';
import { AuthErrors } from './auth.errors.js';
import { AUTHENTICATOR, type Authenticator } from './authenticator.js';

/** Global guard: deny by default, then authenticate, then check role or scope. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    @Inject(FixedWindowLimiter) private readonly limiter: FixedWindowLimiter,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!rule) throw AuthErrors.undeclared();
    if (rule.public) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = await this.authenticate(request);
    if (!actor) throw AuthErrors.unauthenticated();
    const requestContext = RequestContexts.current();
    if (requestContext) requestContext.actor = actor;
    (request as FastifyRequest & { actor?: Actor }).actor = actor;

    switch (actor.kind) {
      case 'user':
        if (!rule.roles?.length) throw rule.customers ? AuthErrors.customersOnly() : AuthErrors.staffNotAllowed();
        if (!rule.roles.includes(actor.role)) throw AuthErrors.forbiddenRole(actor.role);
        return true;
      case 'api_key':
        if (!rule.scopes?.length) throw rule.customers ? AuthErrors.customersOnly() : AuthErrors.apiKeysNotAllowed();
        if (!rule.scopes.some((scope) => actor.scopes.includes(scope))) throw AuthErrors.forbiddenScope(rule.scopes);
        return true;
      case 'publishable_key':
        if (!rule.publishable) throw AuthErrors.publishableKeyNotAllowed();
        // Anyone may hold an app's key: each client address is counted on its own.
        await this.limitCustomerApp(`key:${actor.id}:${request.ip}`);
        return true;
      case 'customer':
        if (!rule.publishable && !rule.customers) throw AuthErrors.customerNotAllowed();
        await this.limitCustomerApp(`customer:${actor.id}`);
        return true;
    }
  }

  /** Customers' apps are open to the internet: a scraper or a stuck retry loop answers 429 instead of loading the salon's database. */
  private async limitCustomerApp(who: string): Promise<void> {
    const limit = { name: 'customer-app', limit: this.config.CUSTOMER_APP_RATE_LIMIT, windowMs: this.config.CUSTOMER_APP_RATE_WINDOW };
    const wait = await this.limiter.take(limit, who);
    if (wait > 0) throw AuthErrors.customerAppRateLimited(wait);
  }

  private async authenticate(request: FastifyRequest): Promise<Actor | undefined> {
    const header = request.headers.authorization;
    const apiKey = request.headers['x-api-key'];
    if (typeof header === 'string' && header.length > 0) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await this.authenticator.verifyBearer(match[1]) : undefined;
      if (!actor) throw AuthErrors.invalidCredentials();
      return actor;
    }
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      const actor = await this.authenticator.verifyApiKey(apiKey);
      if (!actor) throw AuthErrors.invalidCredentials();
      return actor;
    }
    const publishableKey = request.headers['x-publishable-key'];
    if (typeof publishableKey === 'string' && publishableKey.length > 0) {
      const actor = await this.authenticator.verifyPublishableKey(publishableKey);
      if (!actor) throw AuthErrors.invalidCredentials();
      return actor;
    }
    return undefined;
  }
}
