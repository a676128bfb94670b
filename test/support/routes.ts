/** Every HTTP route the Nest app registered, with its access rule: for tests that walk them all. */
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from '../../src/common/auth/index.js';

export interface RouteInfo {
  method: string;
  /** Fastify-style path: `/v1/stores/:id`. */
  path: string;
  controller: string;
  handler: string;
  access: AccessRule | undefined;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPaths = [Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? ''].flat() as string[];
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodPaths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const access = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, wrapper.metatype]);
      for (const base of controllerPaths) {
        for (const path of [methodPaths].flat()) {
          routes.push({ method, path: join(base, path), controller: wrapper.metatype.name, handler: name, access });
        }
      }
    }
  }
  return routes;
}

/** `/v1/stores/:id` → `/v1/stores/{id}` (OpenAPI's way). */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Fills path parameters, e.g. with ids that exist nowhere. */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => value(name));
}
