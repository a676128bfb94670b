import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { renderOpenApiJson, serializeOpenApi } from '../src/openapi.js';
import { startTestApp, type TestApp } from './support/app.js';
import { listRoutes, toOpenApiPath } from './support/routes.js';

interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http.get('/docs/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(served as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('equals the committed openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8');
    const fresh = await renderOpenApiJson();
    expect(fresh).toEqual(committed);
    expect(serializeOpenApi(served as never)).toEqual(committed);
  });

  it('covers every route the app serves, with a unique operationId', () => {
    const missing = listRoutes(t.app)
      .filter((route) => !served.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()])
      .map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    const ids = Object.values(served.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents errors as problem+json, and security on every non-public operation', () => {
    const routes = listRoutes(t.app);
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(served.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && !response.content?.['application/problem+json']) wrong.push(`${where} ${status} is not problem+json`);
        }
        if (!op.responses['500']) wrong.push(`${where} does not document 500`);
        if (op.requestBody && !op.responses['400']) wrong.push(`${where} has a body but no 400`);
        const route = routes.find((candidate) => toOpenApiPath(candidate.path) === path && candidate.method.toLowerCase() === method);
        if (route && !route.access?.public) {
          if (!op.security?.length) wrong.push(`${where} declares no security`);
          if (!op.responses['401'] || !op.responses['403']) wrong.push(`${where} does not document 401/403`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
