/**
 * Customers' ages are counted on today's date in BUSINESS_TIME_ZONE, read from the app's Clock: an
 * age filter flips at local midnight in the configured zone, not at UTC midnight nor in Shanghai.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { insertCustomer } from './customer-search-support.js';

describe('business time zone', () => {
  // 10 March 2026 starts at 04:00 UTC in New York (on summer time since 8 March).
  const clock = new FixedClock('2026-03-09T23:00:00Z');
  let t: TestApp;
  let owner: UserRecord;

  beforeAll(async () => {
    t = await startTestApp({ env: { BUSINESS_TIME_ZONE: 'America/New_York' }, clock });
    owner = await createUser(t, { role: 'owner' });
    await insertCustomer(t, { name: 'Turns 18 on 10 March', birthday: '2008-03-10', createdAt: '2026-01-01T00:00:00Z' });
    await insertCustomer(t, { name: 'Turned 18 on 9 March', birthday: '2008-03-09', createdAt: '2026-01-02T00:00:00Z' });
  });
  afterAll(() => t.close());

  const adults = async () => {
    const res = await t.http.get('/v1/customers').query({ ageMin: 18 }).set(owner.auth);
    expect(res.status).toBe(200);
    return (res.body.data as Array<{ name: string }>).map((c) => c.name).sort();
  };

  it('counts ages on the local date in the configured zone', async () => {
    // 00:00 UTC on 10 March (08:00 in Shanghai) is still 9 March in New York.
    clock.set('2026-03-10T00:00:00Z');
    expect(await adults()).toEqual(['Turned 18 on 9 March']);
    clock.set('2026-03-10T03:59:59.999Z');
    expect(await adults()).toEqual(['Turned 18 on 9 March']);
    // Midnight in New York: the birthday has come.
    clock.set('2026-03-10T04:00:00Z');
    expect(await adults()).toEqual(['Turned 18 on 9 March', 'Turns 18 on 10 March']);
  });

  it('names the export after the local date there', async () => {
    clock.set('2026-03-10T03:59:59Z');
    const res = await t.http.get('/v1/customers/export.csv').set(owner.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers-20260309.csv"');
  });
});
