import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import openapiTS, { astToString } from 'openapi-typescript';
import { renderOpenApiJson, serializeOpenApi } from '../src/openapi.js';
import { startTestApp, type TestApp } from './support/app.js';
import { listRoutes, toOpenApiPath } from './support/routes.js';

interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: unknown;
  parameters?: Array<{ name: string; in: string; required?: boolean; example?: unknown; examples?: unknown; schema?: { example?: unknown } }>;
  responses: Record<
    string,
    { content?: Record<string, { schema?: { $ref?: string }; example?: ProblemExample; examples?: Record<string, { $ref?: string; value?: ProblemExample }> }> }
  >;
}

interface ProblemExample {
  status?: number;
  title?: string;
  detail?: string;
}

const ROOT = join(import.meta.dirname, '..');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: { paths: Record<string, Record<string, Operation>>; components: { examples?: Record<string, { value: ProblemExample }> } };
  /** The problem examples of a response: inline, named, or shared in components.examples. */
  const problemExamples = (content: Operation['responses'][string]['content']): ProblemExample[] => {
    const media = content?.['application/problem+json'];
    const named = Object.values(media?.examples ?? {}).map((entry) => (entry.$ref ? served.components.examples?.[entry.$ref.split('/').pop()!]?.value : entry.value));
    return [media?.example, ...named].filter((example): example is ProblemExample => Boolean(example));
  };
  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http.get('/docs/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(served);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('equals the committed openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(join(ROOT, 'openapi.json'), 'utf8');
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
          // The readiness probe's 503 is its report (which check fails), not a problem.
          const report = where === 'GET /health/ready' && status === '503';
          if (Number(status) >= 400 && !report && !response.content?.['application/problem+json']) wrong.push(`${where} ${status} is not problem+json`);
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

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(served), absoluteRef: '/openapi.json', config });
    expect(problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`)).toEqual([]);
  });

  it('gives optional parameters no example, which Swagger UI would send as a filter', () => {
    const filled = Object.entries(served.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => !p.required && (p.example !== undefined || p.examples !== undefined || p.schema?.example !== undefined))
          .map((p) => `${method.toUpperCase()} ${path} ${p.in} ${p.name}`),
      ),
    );
    expect(filled).toEqual([]);
  });

  it('shows each error status its own example, titled as the problem filter titles it', () => {
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(served.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const problem = response.content?.['application/problem+json'];
          if (Number(status) < 400 || problem?.schema?.$ref !== '#/components/schemas/ProblemDto') continue;
          const examples = problemExamples(response.content);
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (!examples.length) wrong.push(`${where} has no example`);
          for (const example of examples) {
            if (example.status !== Number(status)) wrong.push(`${where} shows a ${example.status}`);
            else if (example.title === example.detail) wrong.push(`${where} repeats its detail as title`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    const duplicatePhone = served.paths['/v1/customers'].post.responses['409'].content?.['application/problem+json']?.example;
    expect(duplicatePhone).toMatchObject({ code: 'customer.phone_taken', title: 'Another customer already has this phone number', existingCustomerId: expect.any(String) });
  });

  it('shows the problem the app really sends: a 401 without credentials', async () => {
    const answer = await t.http.get('/v1/stores').expect(401);
    const [documented] = problemExamples(served.paths['/v1/stores'].get.responses['401'].content);
    const shape = (problem: object | undefined) => {
      const { type, title, status, code, detail } = (problem ?? {}) as Record<string, unknown>;
      return { type, title, status, code, detail };
    };
    expect(shape(documented)).toEqual(shape(answer.body));
  });

  it('generates a client (openapi-typescript + openapi-fetch) that type-checks the obvious calls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-client-'));
    try {
      await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      await writeFile(join(dir, 'bloom.d.ts'), astToString(await openapiTS(readFileSync(join(ROOT, 'openapi.json'), 'utf8'))));
      await writeFile(join(dir, 'client.ts'), CLIENT_CALLS);
      const options = { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', lib: ['ES2023', 'DOM'], skipLibCheck: true, types: [] };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['client.ts'] }));
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).catch((error: { stdout: string }) => error);
      expect(result.stdout).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** What a front end writes first; each call's types come from the document, so a wrong one fails tsc. */
const CLIENT_CALLS = `
import createClient from 'openapi-fetch';
import type { paths } from './bloom.js';

const client = createClient<paths>({ baseUrl: 'http://localhost:3000' });

export async function frontDesk(storeId: string, customerId: string): Promise<void> {
  const login = await client.POST('/v1/auth/login', { body: { login: 'owner@bloom.example', password: 'demo-owner-2026' } });
  if (!login.data) throw new Error(login.error?.detail);
  const token: string = login.data.accessToken;
  const headers = { Authorization: \`Bearer \${token}\` };

  const list = await client.GET('/v1/customers', { params: { query: { q: '小红', tag: ['VIP'], gender: 'female', limit: 20 } }, headers });
  const names: string[] = (list.data?.data ?? []).map((customer) => customer.name);
  const next: string | null | undefined = list.data?.nextCursor;

  const created = await client.POST('/v1/customers', { body: { name: '王小红', phone: '+8613812345678', tags: ['VIP'] }, headers });
  if (created.error) console.log(created.error.code, created.error.errors?.[0]?.field);
  const newId: string | undefined = created.data?.id;

  const store = await client.GET('/v1/stores/{id}', { params: { path: { id: storeId } }, headers });
  const zone: string | undefined = store.data?.timeZone;

  const patched = await client.PATCH('/v1/customers/{id}', {
    params: { path: { id: customerId }, header: { 'If-Match': \`"\${store.data?.version ?? 1}"\` } },
    body: { notes: 'Prefers a quiet room' },
    headers,
  });
  const version: number | undefined = patched.data?.version;
  console.log(names, next, newId, zone, version);
}

// @ts-expect-error: a customer needs a phone
void client.POST('/v1/customers', { body: { name: '王小红' } });
`;
