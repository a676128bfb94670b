/**
 * Issue 9 (defects 2, 3, 4, 7, 8, 9, 10): what the API accepts and how it refuses, on real routes.
 * Every bad input answers a 4xx application/problem+json naming the field, writes nothing, and
 * leaves no personal value in the log.
 */
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { categoryId, productBody, serviceBody, variationBody } from './support/catalog-bodies.js';
import { createCustomer, customerBody } from './customer-support.js';
import { waitForImport } from './fixtures/customer-import-files.js';
import { fillPath, listRoutes, toOpenApiPath, type RouteInfo } from './support/routes.js';
import { PROBLEM } from './support/responses.js';

const NUL = '\u0000';

function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code, type: res.headers['content-type'] }).toEqual({ status, code, type: expect.stringMatching(PROBLEM) });
}

function expectFieldError(res: Response, field: string, message?: RegExp): void {
  expectProblem(res, 400, 'request.validation_failed');
  const error = (res.body.errors as Array<{ field: string; message: string }>).find((e) => e.field === field);
  expect({ field, error }).toEqual({ field, error: { field, message: message ? expect.stringMatching(message) : expect.any(String) } });
}

/** Raw HTTP on a socket, for what supertest would refuse to send. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('input hardening', () => {
  let t: TestApp;
  let owner: UserRecord;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ captureLogs: true });
    await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const logText = () => JSON.stringify(t.logs);

  describe('text: no NUL, controls or broken characters (defect 2)', () => {
    it('refuses a NUL in the login name before sign-in, with a 400 naming the field', async () => {
      const res = await t.http.post('/v1/auth/login').send({ login: `owner${NUL}@bloom.example`, password: 'whatever-1234' });
      expectFieldError(res, 'login', /control character/);
    });

    it('refuses a NUL in customer names, tags and notes, writing nothing and logging no personal value', async () => {
      const before = await count('customer');
      const phone = '+8613912345671';
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: `王${NUL}小红`, phone }, 'name'],
        [{ tags: ['VIP', 'ok', `bad${NUL}`], phone }, 'tags[2]'],
        [{ notes: `Prefers${NUL} a quiet room`, phone }, 'notes'],
        [{ addresses: [{ label: 'home', line1: `延安西路${NUL}`, city: '上海市', isDefault: true }], phone }, 'addresses[0].line1'],
      ];
      for (const [overrides, field] of cases) {
        const res = await t.http.post('/v1/customers').set(owner.auth).send(customerBody(overrides));
        expectFieldError(res, field, /control character/);
      }
      expect(await count('customer')).toBe(before);
      expect(logText()).not.toContain('13912345671');
      expect(logText()).not.toContain('小红');
    });

    it('refuses controls, DEL and lone surrogates in single-line text; allows newlines and tabs in notes', async () => {
      for (const bad of ['a\nb', 'a\tb', 'a\u001bb', 'a\u007fb', 'a\ud800b', 'a\udc00']) {
        const res = await t.http
          .post('/v1/customers')
          .set(owner.auth)
          .send(customerBody({ name: bad }));
        expectFieldError(res, 'name');
      }
      const created = await createCustomer(t, owner.auth, { notes: 'Line one\r\n\tLine two', name: '王小红 👩‍🦰' });
      expect(created.notes).toBe('Line one\r\n\tLine two');
      const nul = await t.http
        .post('/v1/customers')
        .set(owner.auth)
        .send(customerBody({ notes: `a${NUL}` }));
      expectFieldError(nul, 'notes');
    });

    it('refuses a broken character in an e-mail address with a 400, where the e-mail validator itself throws', async () => {
      const res = await t.http
        .post('/v1/customers')
        .set(owner.auth)
        .send(customerBody({ email: 'wang\ud800@example.com' }));
      expectFieldError(res, 'email', /broken character/);
    });

    it('refuses a control character at either end of a trimmed field: trimming takes spaces, not controls (fuzz finding)', async () => {
      for (const [path, body, field] of [
        ['/v1/segments', { name: 'Vertical tab', criteria: { tag: ['VIP\u000b'] } }, 'criteria.tag[0]'],
        ['/v1/customers', customerBody({ name: '\u000c王小红' }), 'name'],
        ['/v1/customers', customerBody({ tags: ['VIP\r\n'] }), 'tags[0]'],
      ] as const) {
        expectFieldError(await t.http.post(path).set(owner.auth).send(body), field, /control character/);
      }
      // Spaces still go, the ideographic one of Chinese input methods too.
      const created = await createCustomer(t, owner.auth, { name: '\u3000王小红 ', tags: [' VIP\u00a0'] });
      expect([created.name, created.tags]).toEqual(['王小红', ['VIP']]);
    });

    it('reports control characters in an imported row instead of writing them', async () => {
      const csv = `name,phone,notes\n王\u001b小红,13912345672,ok\n王小明,13912345673,"line one\nline two"\n`;
      const res = await t.http.post('/v1/customer-imports').set(owner.auth).set('content-type', 'text/csv').send(Buffer.from(csv));
      expect(res.status).toBe(202);
      const done = await waitForImport(t, owner, res.body.id);
      expect(done).toMatchObject({ status: 'completed', counts: { created: 1, errors: 1 } });
      expect(done.errors).toEqual([{ rowNumber: 2, field: 'name', message: expect.stringMatching(/control character/) }]);
    });

    it('refuses a NUL in search, segment and catalog text, query and path included', async () => {
      expectFieldError(
        await t.http
          .get('/v1/customers')
          .query({ q: `王${NUL}` })
          .set(owner.auth),
        'q',
      );
      expectFieldError(
        await t.http
          .get('/v1/products')
          .query({ category: `hair${NUL}` })
          .set(owner.auth),
        'category',
      );
      expectFieldError(
        await t.http
          .post('/v1/segments')
          .set(owner.auth)
          .send({ name: `VIP${NUL}`, criteria: {} }),
        'name',
      );
      expectFieldError(
        await t.http
          .post('/v1/segments')
          .set(owner.auth)
          .send({ name: 'VIP', criteria: { q: `x${NUL}` } }),
        'criteria.q',
      );
      expectFieldError(
        await t.http
          .post('/v1/products')
          .set(owner.auth)
          .send(productBody({ name: `Bain${NUL}` })),
        'name',
      );
      expectFieldError(await t.http.get(`/v1/customers/a%00b`).set(owner.auth), 'id');
      expect(await count('segment')).toBe(0);
      expect(await count('product')).toBe(0);
    });
  });

  describe('bodies: depth and size (defect 3)', () => {
    it('refuses deeply nested JSON with 400, on login too', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      for (const path of ['/v1/auth/login', '/v1/customers']) {
        const res = await t.http.post(path).set(owner.auth).set('content-type', 'application/json').send(`{"login":${deep}}`);
        expectProblem(res, 400, 'request.too_deep');
      }
    });

    it('accepts nesting up to the limit', async () => {
      const res = await t.http
        .post('/v1/auth/login')
        .set('content-type', 'application/json')
        .send(`{"login":"x","password":"y","z":${'['.repeat(30)}${']'.repeat(30)}}`);
      expectFieldError(res, 'z', /should not exist/);
    });

    it('refuses a body over the limit with 413', async () => {
      const res = await t.http.post('/v1/auth/login').send({ login: 'x', password: 'p'.repeat(t.config.BODY_LIMIT_BYTES) });
      expectProblem(res, 413, 'request.body_too_large');
    });
  });

  describe('numbers checked as numbers (defect 4)', () => {
    it('refuses tiny sizes and quantities with a message stating the precision', async () => {
      for (const size of [1e-7, 0.000001, 0.0005, 0, -1]) {
        const res = await t.http
          .post('/v1/products')
          .set(owner.auth)
          .send(productBody({ specification: { size, unit: 'ml' } }));
        expectFieldError(res, 'specification.size', /at most 3 decimal places, greater than 0/);
      }
      await t.http
        .post('/v1/products')
        .set(owner.auth)
        .send(productBody({ specification: { size: 0.001, unit: 'ml' } }))
        .expect(201);
      const service = (
        await t.http
          .post('/v1/services')
          .set(owner.auth)
          .send(serviceBody(await categoryId(t, 'hair_colour')))
          .expect(201)
      ).body;
      const variationId = service.variations[0].id as string;
      const res = await t.http
        .put(`/v1/services/${service.id}/variations/${variationId}/consumption`)
        .set(owner.auth)
        .send({ items: [{ productId: randomUUID(), quantity: 1e-7 }] });
      expectFieldError(res, 'items[0].quantity', /at most 3 decimal places, greater than 0/);
    });
  });

  describe('framework errors are problems (defect 7)', () => {
    it('a path parameter over 100 characters → 414 problem', async () => {
      const res = await t.http.get(`/v1/customers/${'a'.repeat(150)}`).set(owner.auth);
      expectProblem(res, 414, 'request.uri_too_long');
    });

    it('a malformed percent-encoding → 400 problem', async () => {
      const res = await t.http.get('/v1/customers/%E0%A4%A').set(owner.auth);
      expectProblem(res, 400, 'request.bad_url');
    });

    it('a header block that is too large → 431 problem', async () => {
      const answer = await rawRequest(port, `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'request.headers_too_large' });
    });

    it('a request Node cannot parse → 400 problem', async () => {
      const answer = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'request.malformed_http' });
    });
  });

  describe('content types (defect 8)', () => {
    it('a JSON body without a content type → 415 naming application/json', async () => {
      const res = await t.http.post('/v1/auth/login').set('content-type', '').send('{"login":"a","password":"b"}');
      expectProblem(res, 415, 'request.unsupported_media_type');
      expect(res.body.detail).toContain('application/json');
      expect(res.body.accepted).toEqual(['application/json']);
    });

    it('text/plain and forms → 415, not silently ignored', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const res = await t.http.post('/v1/customers').set(owner.auth).set('content-type', type).send('name=x');
        expectProblem(res, 415, 'request.unsupported_media_type');
      }
    });

    it('the customer import sent as application/octet-stream → 415 naming text/csv', async () => {
      const res = await t.http.post('/v1/customer-imports').set(owner.auth).set('content-type', 'application/octet-stream').send(Buffer.from('name,phone\n'));
      expectProblem(res, 415, 'request.unsupported_media_type');
      expect(res.body.detail).toContain('text/csv');
      expect(res.body.detail).not.toContain('application/json');
      const excel = await t.http.post('/v1/customer-imports').set(owner.auth).set('content-type', 'application/vnd.ms-excel').send(Buffer.from('name,phone\n王小红,13812345678\n'));
      expect(excel.status).toBe(202);
    });

    it('an anonymous caller learns that credentials are needed before anything about the body', async () => {
      expectProblem(await t.http.post('/v1/customer-imports').set('content-type', 'application/octet-stream').send(Buffer.from('x')), 401, 'auth.unauthenticated');
    });

    it('an action that takes no body refuses fields with 400, and accepts an empty one', async () => {
      const customer = await createCustomer(t, owner.auth);
      const res = await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth).send({ reason: 'x' });
      expectFieldError(res, 'reason', /should not exist/);
      const category = (await t.http.post('/v1/service-categories').set(owner.auth).send({ code: 'input_test', name: 'Input test' }).expect(201)).body;
      expectFieldError(await t.http.post(`/v1/service-categories/${category.id}/archive`).set(owner.auth).send({ why: 1 }), 'why');
      await t.http.post(`/v1/service-categories/${category.id}/archive`).set(owner.auth).send({}).expect(200);
    });
  });

  describe('If-Match forms (defect 9)', () => {
    it('accepts strong, weak, unquoted and listed ETags', async () => {
      const customer = await createCustomer(t, owner.auth);
      let version = customer.version as number;
      for (const form of ['strong', 'weak', 'unquoted', 'list'] as const) {
        const header = { strong: `"${version}"`, weak: `W/"${version}"`, unquoted: `${version}`, list: `"${version}", W/"${version}"` }[form];
        const res = await t.http.patch(`/v1/customers/${customer.id}`).set(owner.auth).set('if-match', header).send({ notes: form });
        expect({ form, status: res.status }).toEqual({ form, status: 200 });
        version = res.body.version;
      }
    });

    it('a malformed If-Match → 400 saying what is wrong', async () => {
      const customer = await createCustomer(t, owner.auth);
      for (const header of ['"abc"', 'W/', '"1', 'v1', `"${customer.version}", "${customer.version + 1}"`]) {
        const res = await t.http.patch(`/v1/customers/${customer.id}`).set(owner.auth).set('if-match', header).send({ notes: 'x' });
        expectProblem(res, 400, 'request.if_match_malformed');
      }
    });
  });

  describe('one message per field (defect 10)', () => {
    it('a missing password says it is required; a wrong type says so alone', async () => {
      const missing = await t.http.post('/v1/auth/login').send({ login: 'someone@example.com' });
      expectFieldError(missing, 'password', /^is required$/);
      expect(missing.body.errors).toHaveLength(1);
      const typed = await t.http.post('/v1/auth/login').send({ login: 'someone@example.com', password: 12345 });
      expectFieldError(typed, 'password', /^must be text$/);
    });

    it('a price amount sent as a string answers only "must be a whole number"', async () => {
      const res = await t.http
        .post('/v1/products')
        .set(owner.auth)
        .send(productBody({ salePrice: { amount: '100', currency: 'CNY' } }));
      expectFieldError(res, 'salePrice.amount', /^must be a whole number/);
      expect(res.body.errors.filter((e: { field: string }) => e.field === 'salePrice.amount')).toHaveLength(1);
    });

    it('a body that is not an object says so once, and an empty name is "must not be empty"', async () => {
      for (const body of ['[1,2]', '"abc"', 'null', '42']) {
        const res = await t.http.post('/v1/segments').set(owner.auth).set('content-type', 'application/json').send(body);
        expectFieldError(res, 'body', /^must be a JSON object$/);
        expect(res.body.errors).toHaveLength(1);
      }
      expectFieldError(await t.http.post('/v1/segments').set(owner.auth).send({ name: '', criteria: {} }), 'name', /^must not be empty$/);
      expectFieldError(await t.http.get('/v1/customers?limit=abc').set(owner.auth), 'limit', /^must be a whole number$/);
    });
  });

  describe('201 carries Location', () => {
    it('points at the created resource', async () => {
      const res = await t.http.post('/v1/customers').set(owner.auth).send(customerBody()).expect(201);
      expect(res.headers.location).toBe(`/v1/customers/${res.body.id}`);
      await t.http.get(res.headers.location).set(owner.auth).expect(200);
    });

    it('points at a nested resource too, and is absent when nothing can be read there', async () => {
      const service = await t.http
        .post('/v1/services')
        .set(owner.auth)
        .send(serviceBody(await categoryId(t, 'nails')))
        .expect(201);
      expect(service.headers.location).toBe(`/v1/services/${service.body.id}`);
      const variation = await t.http
        .post(`/v1/services/${service.body.id}/variations`)
        .set(owner.auth)
        .send(variationBody({ name: 'Extra long' }))
        .expect(201);
      expect(variation.headers.location).toBe(`/v1/services/${service.body.id}/variations/${variation.body.id}`);
      await t.http.get(variation.headers.location).set(owner.auth).expect(200);
      const login = await t.http.post('/v1/auth/login').send({ login: owner.email, password: owner.password }).expect(200);
      expect(login.headers.location).toBeUndefined();
    });
  });

  describe('the OpenAPI document says so', () => {
    type Op = { responses: Record<string, { description: string; headers?: Record<string, unknown> }>; requestBody?: { content: Record<string, unknown> } };
    let paths: Record<string, Record<string, Op>>;
    beforeAll(async () => {
      paths = (await t.http.get('/docs/openapi.json').expect(200)).body.paths;
    });

    it('lists the framework statuses a route can answer', () => {
      expect(Object.keys(paths['/v1/customers/{id}'].get.responses)).toEqual(expect.arrayContaining(['400', '414', '431', '500']));
      expect(Object.keys(paths['/v1/auth/login'].post.responses)).toEqual(expect.arrayContaining(['400', '413', '415', '431']));
      expect(paths['/v1/customers/{id}/anonymize'].post.responses['415'].description).toMatch(/takes no body/);
    });

    it('documents the content types a body may have, from the route’s declaration', () => {
      expect(Object.keys(paths['/v1/customers'].post.requestBody!.content)).toEqual(['application/json']);
      expect(paths['/v1/customers'].post.responses['415'].description).toContain('application/json');
      expect(Object.keys(paths['/v1/customer-imports'].post.requestBody!.content)).toContain('text/csv');
    });

    it('documents Location on a 201 whose resource can be read', () => {
      expect(paths['/v1/customers'].post.responses['201'].headers).toHaveProperty('Location');
      expect(paths['/v1/products'].post.responses['201'].headers).toHaveProperty('Location');
    });
  });

  it('answers hostile input on every route with a 4xx problem, never a 5xx', async () => {
    const customer = await createCustomer(t, owner.auth);
    // Query parameters a route does not read are ignored, as HTTP clients expect; those it reads are checked.
    const spec = (await t.http.get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: Array<{ in: string }> }>> };
    const readsQuery = (r: RouteInfo) => Boolean(spec.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()]?.parameters?.some((p) => p.in === 'query'));
    const call = (method: string, path: string): Test => (t.http as unknown as Record<string, (url: string) => Test>)[method.toLowerCase()](path).set(owner.auth);
    const real = (path: string) => fillPath(path, () => customer.id);
    // Each case is refused before any handler runs, so walking every route changes nothing.
    const cases: Array<{ what: string; applies: (route: RouteInfo) => boolean; send: (route: RouteInfo) => Test }> = [
      {
        what: 'NUL in the path',
        applies: (r) => r.path.includes(':'),
        send: (r) =>
          call(
            r.method,
            fillPath(r.path, () => 'a%00b'),
          ),
      },
      { what: 'NUL in the query', applies: (r) => r.method === 'GET' && readsQuery(r), send: (r) => call(r.method, `${real(r.path)}?q=%00&name=x%00&limit=%00`) },
      {
        what: 'NUL in the body',
        applies: (r) => r.method !== 'GET',
        send: (r) => call(r.method, real(r.path)).send({ name: `x${NUL}`, reason: `x${NUL}`, notes: [NUL], items: [{ a: NUL }] }),
      },
      {
        what: 'a deep body',
        applies: (r) => r.method !== 'GET',
        send: (r) =>
          call(r.method, real(r.path))
            .set('content-type', 'application/json')
            .send(`{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`),
      },
      { what: 'text/plain', applies: (r) => r.method !== 'GET', send: (r) => call(r.method, real(r.path)).set('content-type', 'text/plain').send('x') },
    ];
    const failures: string[] = [];
    for (const route of listRoutes(t.app).filter((r) => r.access && !r.access.public)) {
      for (const { what, send } of cases.filter((c) => c.applies(route))) {
        const res = await send(route);
        if (res.status < 400 || res.status >= 500 || !PROBLEM.test(res.headers['content-type'] ?? '')) failures.push(`${what}: ${route.method} ${route.path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('logs no request values: no query parameters and no personal data in any line', () => {
    const text = logText();
    expect(text).not.toContain('13912345671');
    expect(text).not.toContain('?q=');
    expect(text).not.toContain('王');
  });

  describe('found by the fuzz suite', () => {
    it('reads an upper-case id in the path as the same record (it answered 500 where ids are compared as text)', async () => {
      const category = await categoryId(t, 'nails');
      const service = (await t.http.post('/v1/services').set(owner.auth).send(serviceBody(category)).expect(201)).body;
      const patched = await t.http
        .patch(`/v1/services/${service.id.toUpperCase()}`)
        .set(owner.auth)
        .set('if-match', `"${service.version}"`)
        .send({ timeBlocks: { finishingMinutes: 10 } });
      expect(patched.status).toBe(200);
      expect(patched.body.id).toBe(service.id);
      const customer = await createCustomer(t, owner.auth);
      const erased = await t.http.post(`/v1/customers/${customer.id.toUpperCase()}/anonymize`).set(owner.auth).send({});
      expect(erased.status).toBe(200);
      expect(erased.body.id).toBe(customer.id);
    });

    it('refuses fields named after object machinery (constructor), which class-transformer drops unseen', async () => {
      const res = await t.http.post('/v1/auth/login').send({ login: 'owner@bloom.example', password: 'whatever-1234', constructor: [null, 'x\udbff'] });
      expectFieldError(res, 'constructor', /should not exist/);
      const customers = await count('customer');
      expectFieldError(
        await t.http
          .post('/v1/customers')
          .set(owner.auth)
          .send(customerBody({ addresses: [{ constructor: 1, line1: 'x' }] })),
        'addresses[0].constructor',
        /should not exist/,
      );
      expect(await count('customer')).toBe(customers);
    });

    it('refuses a list inside a list where objects are expected, and writes nothing', async () => {
      const store = await createStore(t);
      const closures = await count('store_closure');
      expectFieldError(
        await t.http
          .post(`/v1/stores/${store.id}/closures`)
          .set(owner.auth)
          .send({ date: '2027-03-01', kind: 'special_hours', intervals: [[]], reason: 'x' }),
        'intervals',
        /object/,
      );
      expect(await count('store_closure')).toBe(closures);
      const customers = await count('customer');
      expectFieldError(
        await t.http
          .post('/v1/customers')
          .set(owner.auth)
          .send(customerBody({ addresses: [[]] })),
        'addresses',
        /object/,
      );
      expect(await count('customer')).toBe(customers);
      const category = await categoryId(t, 'nails');
      expectFieldError(
        await t.http
          .post('/v1/services')
          .set(owner.auth)
          .send(serviceBody(category, { variations: [[]] })),
        'variations',
        /object/,
      );
    });
  });
});
