import { sendExamples, type OpenApiDocument } from '../scripts/send-examples.js';
import { seedDemoBusiness } from '../src/cli/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

/** What Swagger UI's "Try it out" sends must work: every request example, against the demo data. */
describe('the request examples of the OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoBusiness(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());

  it('every request body has one, and each succeeds signed in as the demo owner', async () => {
    const document = (await t.http.get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    const bodies = Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((op) => Object.keys(op.requestBody?.content ?? {})));
    const outcomes = await sendExamples({ baseUrl, document });
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes).toHaveLength(bodies.length);
  });
});
