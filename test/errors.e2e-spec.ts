import { startTestApp, type TestApp } from './support/app.js';
import { ProbeModule } from './fixtures/probe.module.js';
import { PROBLEM } from './support/responses.js';

describe('errors are RFC 9457 problems', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], env: { BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.http.get('/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 404, code: 'route.not_found', type: 'urn:bloom:problem:route.not_found' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t.http.post('/test-probe').set('content-type', 'application/json').send('{"name": "x",');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('request.malformed_json');
  });

  it('answers a body that is not JSON with a 415 problem', async () => {
    const res = await t.http.post('/test-probe').set('content-type', 'text/csv').send('name,count\nx,1');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('request.unsupported_media_type');
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const res = await t.http.post('/test-probe').send({ name: 'x'.repeat(4096), count: 1 });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('request.body_too_large');
  });

  it('names each invalid field: unknown fields and wrong types', async () => {
    const res = await t.http.post('/test-probe').send({ name: 7, count: 11, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.validation_failed');
    const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(['colour', 'count', 'name']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'colour').message).toMatch(/should not exist/);
  });

  it('names unknown fields whatever characters their names hold', async () => {
    const res = await t.http.post('/test-probe').send({ name: 'x', count: 1, '(': 1, 'a[': 2, '*x': 3 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: '(', message: 'should not exist' },
        { field: 'a[', message: 'should not exist' },
        { field: '*x', message: 'should not exist' },
      ]),
    );
  });

  it('accepts a valid body', async () => {
    const res = await t.http.post('/test-probe').send({ name: 'x', count: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 'x', count: 3 });
  });

  it('hides internals of an unexpected error behind "internal error" and a request id', async () => {
    const res = await t.http.get('/test-probe/boom').set('x-request-id', 'trace-me-123');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toEqual({
      type: 'urn:bloom:problem:internal',
      title: 'Internal error',
      status: 500,
      detail: 'internal error',
      code: 'internal',
      instance: '/test-probe/boom',
      requestId: 'trace-me-123',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|srv/);
  });

  it('refuses a route that declares no access rule (deny by default)', async () => {
    const res = await t.http.get('/test-probe/undeclared');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.route_undeclared');
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const mine = await t.http.get('/health/live').set('x-request-id', 'abc-123');
    expect(mine.headers['x-request-id']).toBe('abc-123');
    const insane = await t.http.get('/health/live').set('x-request-id', 'bad id with spaces');
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
