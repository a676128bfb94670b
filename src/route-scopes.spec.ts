/**
 * Every scope a route declares is one of SCOPES (an API key can only be given those, so a route naming
 * another could never be called by a key), and every scope in SCOPES guards some route or says why not.
 * `@Allow` takes `Scope`, so the first half is also a compile error; this catches casts and `as any`.
 */
import 'reflect-metadata';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ACCESS_METADATA, type AccessRule } from './common/auth/index.js';
import { SCOPES, SCOPES_NOT_ON_ROUTES } from './common/auth/scopes.js';

const SRC = import.meta.dirname;

function controllerFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return controllerFiles(path);
    return name.endsWith('.controller.ts') ? [path] : [];
  });
}

/** The scopes of every route handler, by `Controller.handler`. */
async function declaredScopes(): Promise<Map<string, readonly string[]>> {
  const found = new Map<string, readonly string[]>();
  for (const file of controllerFiles(SRC)) {
    const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function' || Reflect.getMetadata(PATH_METADATA, value) === undefined) continue;
      const controller = value as { name: string; prototype: Record<string, unknown> };
      const classRule = Reflect.getMetadata(ACCESS_METADATA, controller) as AccessRule | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined) ?? classRule;
        found.set(`${controller.name}.${name}`, rule && !rule.public ? (rule.scopes ?? []) : []);
      }
    }
  }
  return found;
}

describe('API key scopes on routes', () => {
  let routes: Map<string, readonly string[]>;
  beforeAll(async () => {
    routes = await declaredScopes();
  });

  it('finds the routes (the walk itself works)', () => {
    expect(routes.size).toBeGreaterThan(50);
    expect(routes.get('AuditController.list')).toEqual(['audit:read']);
  });

  it('every scope a route declares exists in SCOPES', () => {
    const unknown = [...routes].flatMap(([route, scopes]) => scopes.filter((scope) => !Object.hasOwn(SCOPES, scope)).map((scope) => `${route}: ${scope}`));
    expect(unknown).toEqual([]);
  });

  it('every scope in SCOPES guards some route, or SCOPES_NOT_ON_ROUTES says why not', () => {
    const used = new Set([...routes.values()].flat());
    const unused = Object.keys(SCOPES).filter((scope) => !used.has(scope) && !Object.hasOwn(SCOPES_NOT_ON_ROUTES, scope));
    expect(unused).toEqual([]);
    // …and a scope listed as not on routes really is not on one (the note would be stale).
    expect(Object.keys(SCOPES_NOT_ON_ROUTES).filter((scope) => used.has(scope))).toEqual([]);
  });
});
