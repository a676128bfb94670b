/**
 * What a request body may be, for every route in one place (DESIGN §4): the content types the route
 * declares (`@Consumes`, which is also what OpenAPI shows; JSON by default for a route with a body),
 * JSON nested at most MAX_JSON_DEPTH levels, and no body at all for routes that take none.
 */
import { applyDecorators } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { ModulesContainer } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
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

/**
 * Writes each controller route's BodyRule into its Fastify route config before the routes are
 * registered, from what the handler declares: `@Consumes(...)`, else JSON when it takes `@Body()`.
 */
export function declareBodyRules(modules: ModulesContainer): void {
  for (const module of modules.values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, unknown>;
        const takesBody = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
        const declared = (Reflect.getMetadata(API_CONSUMES, handler) ?? Reflect.getMetadata(API_CONSUMES, metatype)) as string[] | undefined;
        const rule: BodyRule = { consumes: declared ?? [JSON_TYPE], bodyless: !declared && !takesBody };
        const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
        Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, body: rule }, handler);
      }
    }
  }
}

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0].trim().toLowerCase();
  return type || undefined;
}

function hasBody(request: FastifyRequest): boolean {
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
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * JSON through Fastify's own parser (which guards against prototype poisoning) after a depth check;
 * no text/plain parser (a body Bloom would ignore is refused instead); each route's content types
 * checked before its body is read; a body sent to a route that takes none is refused.
 */
export function addBodyRules(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (request, body, done) => {
    if (jsonTooDeep(body as string)) return done(BodyErrors.tooDeep(), undefined);
    parseJson(request, body as string, done);
  });

  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const rule = (request.routeOptions.config as { body?: BodyRule }).body;
    if (!rule || !hasBody(request)) return done(null, payload);
    const type = mediaType(request.headers['content-type']);
    if (!type || !rule.consumes.includes(type)) return done(BodyErrors.unsupportedType(type, rule.consumes), undefined);
    done(null, payload);
  });

  fastify.addHook('preValidation', (request, _reply, done) => {
    const rule = (request.routeOptions.config as { body?: BodyRule }).body;
    const body = request.body;
    if (!rule?.bodyless || body === undefined || body === null) return done();
    const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
    if (fields.length === 0 && typeof body === 'object' && !Array.isArray(body)) return done();
    // The same answer as an unknown field of a route with a body.
    done(CommonErrors.validation(fields.length ? fields.map((field) => ({ field, message: 'should not exist' })) : [{ field: 'body', message: 'should not exist: this action takes no body' }]));
  });
}
