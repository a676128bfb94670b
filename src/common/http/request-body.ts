/**
 * What a request body may be, for every route in one place (DESIGN §4): the content types the route
 * declares (`@Consumes`, which is also what OpenAPI shows; JSON by default for a route with a body),
 * JSON nested at most MAX_JSON_DEPTH levels, and no body at all for routes that take none.
 */
import { applyDecorators, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CommonErrors, DomainError } from '../errors/domain-error.js';

/** Deeper JSON is no business document; parsing and validating it recursively would exhaust the stack. */
export const MAX_JSON_DEPTH = 32;
const JSON_TYPE = 'application/json';
/** Where @ApiConsumes keeps its types (@nestjs/swagger's API_CONSUMES, not exported). */
const API_CONSUMES = 'swagger/apiConsumes';

/** The content types a route's body may have (the first is the one to prefer), for the check and for OpenAPI. */
export const Consumes = (...types: string[]) => applyDecorators(ApiConsumes(...types));

interface BodyRule {
  consumes: string[];
  /** The route has no body: nothing but an empty JSON object is accepted. */
  bodyless: boolean;
}

export const BodyErrors = {
  unsupportedType: (sent: string | undefined, accepted: string[]) =>
    new DomainError(
      'request.unsupported_media_type',
      415,
      `${sent ? `A body of type ${sent} is not accepted here` : 'The body has no Content-Type'}: send it as ${accepted.join(' or ')}.`,
      { extensions: { accepted } },
    ),
  tooDeep: () => new DomainError('request.too_deep', 400, `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`),
};

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0].trim().toLowerCase();
  return type || undefined;
}

function hasBody(request: FastifyRequest): boolean {
  // Fastify reads no body for GET and HEAD.
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Counts nesting outside strings, without recursion; true when it passes `limit`. */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * JSON through Fastify's own parser (which guards against prototype poisoning) after a depth check.
 * Any other type is left unread: BodyRulesGuard refuses it after the caller is authenticated, so
 * an anonymous caller learns nothing about a route but that it needs credentials.
 */
export function addBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (request, body, done) => {
    if (jsonTooDeep(body as string)) return done(BodyErrors.tooDeep(), undefined);
    // The default parser answers through `done` and returns nothing; its type only allows a promise.
    void parseJson(request, body as string, done);
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, UNREAD));
}

/** The body of a content type no parser reads. */
const UNREAD = Symbol('unread body');

/**
 * Global guard, after AuthGuard: the body's content type must be one the route declares
 * (`@Consumes`, else JSON when it takes `@Body()`), and a route that takes no body accepts none
 * (but an empty JSON object, which some clients always send).
 */
@Injectable()
export class BodyRulesGuard implements CanActivate {
  private readonly rules = new WeakMap<object, BodyRule>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!hasBody(request)) return true;
    const rule = this.ruleOf(context);
    const type = mediaType(request.headers['content-type']);
    const accepted = rule.bodyless ? [JSON_TYPE] : rule.consumes;
    if (request.body === UNREAD || !type || !accepted.includes(type)) throw BodyErrors.unsupportedType(type, accepted);
    if (rule.bodyless) {
      const body = request.body;
      const fields = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : undefined;
      // The same answer as an unknown field of a route with a body.
      if (!fields) throw CommonErrors.validation([{ field: 'body', message: 'should not exist: this action takes no body' }]);
      if (fields.length) throw CommonErrors.validation(fields.map((field) => ({ field, message: 'should not exist' })));
    }
    return true;
  }

  private ruleOf(context: ExecutionContext): BodyRule {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (!rule) {
      const controller = context.getClass();
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<string, unknown>;
      const takes = (type: RouteParamtypes) => Object.keys(args).some((key) => key.split(':')[0] === String(type));
      const declared = (Reflect.getMetadata(API_CONSUMES, handler) ?? Reflect.getMetadata(API_CONSUMES, controller)) as string[] | undefined;
      rule = { consumes: declared ?? [JSON_TYPE], bodyless: !declared && !takes(RouteParamtypes.BODY) };
      this.rules.set(handler, rule);
    }
    return rule;
  }
}
