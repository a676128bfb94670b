import { appointmentExampleBodies, appointmentExamplePaths } from '../scripts/appointment-example-paths.js';
import { sendExamples, type OpenApiDocument } from '../scripts/send-examples.js';
import { seedDemoBusiness } from '../src/cli/seed.js';
import { CustomerSignInCodes } from '../src/modules/identity/index.js';
import { PasswordResetCodes } from '../src/modules/identity/password-reset-codes.js';
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
    const withBody = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) => (op.requestBody ? [`${method.toUpperCase()} ${path}`] : [])),
    );
    // The code of a reset goes out by e-mail or SMS: the test issues one as the request would.
    const resetCode = async (login: string) => {
      const [user] = await t.sql<{ id: string }>('SELECT id FROM staff_user WHERE email = $1', [login]);
      return (await t.app.get(PasswordResetCodes).issue(user.id))!;
    };
    // A customer's sign-in code goes out by SMS: issued as the request would.
    const signInCode = (phone: string) => t.app.get(CustomerSignInCodes).issue(phone);
    const outcomes = await sendExamples({ baseUrl, document, resetCode, signInCode, privatePath: appointmentExamplePaths(t.app), privateBody: appointmentExampleBodies(t.app) });
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    // Every operation that takes a body has an example, and it was sent.
    const sent = new Set(outcomes.map((outcome) => outcome.example.replace(/ \(.*\)$/, '')));
    expect(withBody.filter((operation) => !sent.has(operation))).toEqual([]);
  });
});
