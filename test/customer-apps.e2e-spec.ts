/**
 * Customers' own apps: publishable keys (what they may call, their store limit, revocation) and
 * customers signing in by SMS code (codes, limits, no enumeration, sessions that reach only their own).
 */
import { CustomerSignInCodes } from '../src/modules/identity/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertBareCustomer } from './support/appointments.js';
import { categoryId, serviceBody } from './support/catalog-bodies.js';
import { createPublishableKey, freshPhone, signInCustomer, type PublishableKeyRecord } from './support/customer-apps.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { startFakeTwilio, type FakeTwilio } from './support/fake-providers.js';
import { providerEnv, TWILIO } from './support/notifications.js';
import { PROBLEM } from './support/responses.js';
import { createLevel, createStaffMember } from './support/scheduling.js';
import { waitFor } from './support/wait.js';

describe("customers' apps: publishable keys", () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let variation: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    other = await createStore(t);
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'hair_colour')))
      .expect(201);
    variation = service.body.variations[0].id;
  });
  afterAll(() => t.close());

  const availability = (auth: Record<string, string>, storeId = store.id) =>
    t.http.get('/v1/availability').query({ storeId, variationIds: variation, from: '2027-03-22', to: '2027-03-22' }).set(auth);

  it('lets owners create store and business keys, and managers keys of their own stores only', async () => {
    const byOwner = await t.http.post('/v1/publishable-keys').set(owner.auth).send({ name: 'Brand app', channel: 'app' });
    expect(byOwner.status).toBe(201);
    expect(byOwner.headers.location).toBe(`/v1/publishable-keys/${byOwner.body.id}`);
    expect(byOwner.body).toMatchObject({ name: 'Brand app', channel: 'app', storeId: null, createdBy: owner.id, revokedAt: null });
    expect(byOwner.body.key).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);

    const storeKey = await createPublishableKey(t, manager.auth, { storeId: store.id, channel: 'online' });
    const business = await t.http.post('/v1/publishable-keys').set(manager.auth).send({ name: 'Brand app', channel: 'app' });
    expect(business.status).toBe(403);
    expect(business.body.code).toBe('publishable_key.store_required');
    const elsewhere = await t.http.post('/v1/publishable-keys').set(manager.auth).send({ name: 'Other', channel: 'app', storeId: other.id });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('reference.not_found');
    const badChannel = await t.http.post('/v1/publishable-keys').set(owner.auth).send({ name: 'Desk', channel: 'walk_in' });
    expect(badChannel.status).toBe(400);
    expect(badChannel.headers['content-type']).toMatch(PROBLEM);
    expect(badChannel.body.errors.map((error: { field: string }) => error.field)).toEqual(['channel']);

    // The manager sees their store's key, not the business key; the owner sees both.
    const managerList = await t.http.get('/v1/publishable-keys').set(manager.auth).expect(200);
    expect(managerList.body.data.map((key: { id: string }) => key.id)).toEqual([storeKey.id]);
    expect((await t.http.get(`/v1/publishable-keys/${byOwner.body.id}`).set(manager.auth)).status).toBe(404);
    const ownerList = await t.http.get('/v1/publishable-keys').set(owner.auth).expect(200);
    expect(ownerList.body.data.map((key: { id: string }) => key.id)).toEqual(expect.arrayContaining([storeKey.id, byOwner.body.id]));
    // Receptionists and API keys do not manage keys.
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    expect((await t.http.get('/v1/publishable-keys').set(receptionist.auth)).status).toBe(403);
  });

  it('reads availability of its own store only, and nothing else: staff routes answer 403', async () => {
    const key = await createPublishableKey(t, owner.auth, { storeId: store.id });
    expect((await availability(key.auth)).status).toBe(200);
    const otherStore = await availability(key.auth, other.id);
    expect(otherStore.status).toBe(404);
    expect(otherStore.body.code).toBe('store.not_found');

    for (const [method, path] of [
      ['get', '/v1/customers'],
      ['get', `/v1/stores/${store.id}`],
      ['get', '/v1/publishable-keys'],
      ['post', '/v1/customers'],
    ] as const) {
      const res = await t.http[method](path).set(key.auth).send({});
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'auth.publishable_key_not_allowed' });
    }
    // Not a customer session either: /v1/me… wants a signed-in customer.
    expect((await t.http.delete('/v1/customer-auth/sessions/current').set(key.auth)).status).toBe(403);
  });

  it('sees only what is bookable online, whatever the app asks', async () => {
    const key = await createPublishableKey(t, owner.auth, { storeId: store.id });
    const [service] = await t.sql<{ service_id: string }>('SELECT service_id FROM service_variation WHERE id = $1', [variation]);
    await t.sql('UPDATE service SET bookable_online = false WHERE id = $1', [service.service_id]);
    try {
      const res = await t.http.get('/v1/availability').query({ storeId: store.id, variationIds: variation, from: '2027-03-22', to: '2027-03-22', online: 'false' }).set(key.auth);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('availability.variation_unavailable');
      expect((await availability(owner.auth)).status).toBe(200);
    } finally {
      await t.sql('UPDATE service SET bookable_online = true WHERE id = $1', [service.service_id]);
    }
  });

  it('answers 401 once revoked (DELETE), with its sessions; revoking twice changes nothing', async () => {
    const key = await createPublishableKey(t, owner.auth, { storeId: store.id });
    const session = await signInCustomer(t, key);
    expect((await availability(session.auth)).status).toBe(200);

    const revoked = await t.http.delete(`/v1/publishable-keys/${key.id}`).set(owner.auth);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await t.http.delete(`/v1/publishable-keys/${key.id}`).set(owner.auth)).body.revokedAt).toBe(revoked.body.revokedAt);
    for (const auth of [key.auth, session.auth]) {
      const res = await availability(auth);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.invalid_token');
    }
    const audit = await t.sql<{ action: string; actor_type: string }>(
      "SELECT action, actor_type FROM audit_event WHERE entity_type = 'publishable_key' AND entity_id = $1 ORDER BY created_at",
      [key.id],
    );
    expect(audit).toEqual([
      { action: 'publishable_key.create', actor_type: 'user' },
      { action: 'publishable_key.revoke', actor_type: 'user' },
    ]);
  });

  it('reads the menu bookable online and the staff shown online, without contact data', async () => {
    const key = await createPublishableKey(t, owner.auth, { storeId: store.id });
    const hidden = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'hair_colour'), { name: '内部培训 Training', bookableOnline: false }))
      .expect(201);
    const level = await createLevel(t, { code: 'director_ca', name: '总监 Director', rank: 900 });
    const tony = await createStaffMember(t, { storeIds: [store.id], name: '张伟 Zhang Wei', displayName: 'Tony 老师', levelId: level.id, skills: { hair_colour: 5 } });
    await createStaffMember(t, { storeIds: [store.id], displayName: 'Trainee', bookableOnline: false, skills: { hair_colour: 1 } });
    await createStaffMember(t, { storeIds: [other.id], displayName: 'Elsewhere', skills: { hair_colour: 5 } });

    const menu = await t.http.get('/v1/booking-menu').query({ storeId: store.id }).set(key.auth);
    expect(menu.status).toBe(200);
    const serviceIds = menu.body.services.map((service: { serviceId: string }) => service.serviceId);
    expect(serviceIds).not.toContain(hidden.body.id);
    const colour = menu.body.services.find((service: { variations: Array<{ variationId: string }> }) => service.variations.some((v) => v.variationId === variation));
    expect(colour.variations.map((v: { name: string; price: { amount: number }; durationMinutes: number }) => [v.name, v.price.amount, v.durationMinutes])).toEqual([
      ['短发 Short hair', 48800, 90],
      ['长发 Long hair', 68800, 120],
    ]);

    const staff = await t.http.get('/v1/booking-staff').query({ storeId: store.id }).set(key.auth);
    expect(staff.status).toBe(200);
    expect(staff.body).toEqual({
      storeId: store.id,
      staff: [{ staffMemberId: tony.id, displayName: 'Tony 老师', photoUrl: null, levelId: level.id, levelName: '总监 Director', skills: ['hair_colour'] }],
    });
    for (const path of ['/v1/booking-menu', '/v1/booking-staff']) {
      const elsewhere = await t.http.get(path).query({ storeId: other.id }).set(key.auth);
      expect({ path, status: elsewhere.status, code: elsewhere.body.code }).toEqual({ path, status: 404, code: 'store.not_found' });
      expect((await t.http.get(path).query({ storeId: 'nope' }).set(key.auth)).status).toBe(400);
    }
  });

  it('is refused in X-Api-Key, and an API key in X-Publishable-Key', async () => {
    const key = await createPublishableKey(t, owner.auth, { storeId: store.id });
    const apiKey = await createApiKey(t, { scopes: ['appointments:read'] });
    expect((await availability({ 'x-api-key': key.key })).status).toBe(401);
    expect((await availability({ 'x-publishable-key': apiKey.key })).status).toBe(401);
    expect((await availability({ authorization: `Bearer ${key.key}` })).status).toBe(401);
  });
});

describe("customers' apps: signing customers in by SMS code", () => {
  let t: TestApp;
  let twilio: FakeTwilio;
  let owner: UserRecord;
  let store: StoreRecord;
  let key: PublishableKeyRecord;

  beforeAll(async () => {
    twilio = await startFakeTwilio(TWILIO);
    // Many sign-ins from one address here: the per-address limit has its own test below.
    t = await startTestApp({ env: { ...providerEnv(twilio.url), OUTBOX_RELAY_INTERVAL: '300ms', CUSTOMER_SIGN_IN_IP_PER_HOUR: '1000' } });
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    key = await createPublishableKey(t, owner.auth, { storeId: store.id, channel: 'mini_program' });
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  const askCode = (phone: string, auth: Record<string, string> = key.auth) => t.http.post('/v1/customer-auth/codes').set(auth).send({ phone });
  const signIn = (body: Record<string, unknown>, auth: Record<string, string> = key.auth) => t.http.post('/v1/customer-auth/sessions').set(auth).send(body);
  const issue = (phone: string) => t.app.get(CustomerSignInCodes).issue(phone);
  const smsTo = (phone: string) => twilio.requests.filter((request) => request.form.To === phone).map((request) => request.form.Body);
  const wrongCodeOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('texts a code that signs a new phone up (with a name), once; the same phone later signs in as the same customer', async () => {
    const phone = freshPhone();
    const asked = await askCode(phone);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ message: expect.stringContaining('5 minutes'), codeValidForMinutes: 5 });
    const [text] = await waitFor(
      () => smsTo(phone),
      (texts) => texts.length === 1,
    );
    const code = /\b(\d{6})\b/.exec(text)![1];
    expect(text).toContain(`您的预约登录验证码 ${code}，5 分钟内有效`);
    // Once sent, the live code is no longer in the notification's stored variables.
    await waitFor(
      () => t.sql<{ status: string; variables: object }>("SELECT status, variables FROM notification WHERE recipient = $1 AND key = 'customer_auth.sign_in_code'", [phone]),
      (rows) => rows[0]?.status === 'sent',
    ).then(([row]) => expect(row.variables).toEqual({ minutes: 5 }));

    // No customer has the phone: a name is needed, and the code still works after the refusal.
    const nameless = await signIn({ phone, code });
    expect(nameless.status).toBe(422);
    expect(nameless.body).toMatchObject({ code: 'customer_auth.name_required', errors: [{ field: 'name', message: expect.any(String) }] });
    const signedUp = await signIn({ phone, code, name: '林小雨' });
    expect(signedUp.status).toBe(201);
    expect(signedUp.body).toEqual({ accessToken: expect.stringMatching(/^cs_/), tokenType: 'Bearer', expiresIn: 30 * 86400, customerId: expect.any(String), signedUp: true });
    const [customer] = await t.sql<{ name: string; phone: string; source: string }>('SELECT name, phone, source FROM customer WHERE id = $1', [signedUp.body.customerId]);
    expect(customer).toEqual({ name: '林小雨', phone, source: 'app' });
    // Single use.
    expect((await signIn({ phone, code, name: '林小雨' })).body.code).toBe('customer_auth.code_invalid');

    const again = await signIn({ phone, code: await issue(phone), name: 'Someone else' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ customerId: signedUp.body.customerId, signedUp: false });
    expect(await t.sql('SELECT id FROM customer WHERE phone = $1', [phone])).toHaveLength(1);
    // Written by the app's key (the customer did not exist yet), then the sessions by the key too.
    const audit = await t.sql<{ action: string; actor_type: string; actor_id: string }>(
      'SELECT action, actor_type, actor_id FROM audit_event WHERE entity_id = $1 ORDER BY created_at',
      [signedUp.body.customerId],
    );
    expect(audit.map((row) => [row.action, row.actor_type])).toEqual([
      ['customer.create', 'publishable_key'],
      ['customer_session.open', 'publishable_key'],
      ['customer_session.open', 'publishable_key'],
    ]);
  });

  it("signs an existing customer in by any of their numbers, and answers code requests the same whoever's phone it is", async () => {
    const customerId = await insertBareCustomer(t, '老顾客 Regular');
    const [{ phone }] = await t.sql<{ phone: string }>('SELECT phone FROM customer WHERE id = $1', [customerId]);
    const stranger = freshPhone();
    const [known, unknown] = [await askCode(phone), await askCode(stranger)];
    expect(known.status).toBe(unknown.status);
    expect(known.body).toEqual(unknown.body);
    const session = await signIn({ phone, code: await issue(phone) });
    expect(session.status).toBe(201);
    expect(session.body).toMatchObject({ customerId, signedUp: false });
  });

  it('refuses a wrong, an expired and a burnt code with one and the same 400; the fifth wrong try burns the code', async () => {
    const phone = freshPhone();
    const code = await issue(phone);
    for (let i = 0; i < 4; i++) expect((await signIn({ phone, code: wrongCodeOf(code), name: 'X' })).status).toBe(400);
    const [row] = await t.sql<{ attempts: number; code_hash: string }>('SELECT attempts, code_hash FROM customer_sign_in_code WHERE phone = $1', [phone]);
    expect(row.attempts).toBe(4);
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.code_hash).not.toContain(code);
    const fifth = await signIn({ phone, code: wrongCodeOf(code), name: 'X' });
    const burnt = await signIn({ phone, code, name: 'X' });

    const expiredPhone = freshPhone();
    const expiredCode = await issue(expiredPhone);
    await t.sql(`UPDATE customer_sign_in_code SET expires_at = now() - interval '1 second' WHERE phone = $1`, [expiredPhone]);
    const expired = await signIn({ phone: expiredPhone, code: expiredCode, name: 'X' });
    const never = await signIn({ phone: freshPhone(), code: '123456', name: 'X' });

    const stable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined });
    for (const res of [fifth, burnt, expired, never]) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(stable(res.body)).toEqual(stable(fifth.body));
    }
    expect(fifth.body).toMatchObject({ code: 'customer_auth.code_invalid', errors: [{ field: 'code', message: expect.any(String) }] });
    expect(await t.sql('SELECT id FROM customer WHERE phone = ANY($1)', [[phone, expiredPhone]])).toEqual([]);
  });

  it('names the bad field: a phone an SMS cannot reach, a code that is not 6 digits; and wants the key', async () => {
    const bad = await askCode('12345');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['phone']);
    const shortCode = await signIn({ phone: freshPhone(), code: '12ab' });
    expect(shortCode.status).toBe(400);
    expect(shortCode.body.errors.map((error: { field: string }) => error.field)).toEqual(['code']);
    expect((await askCode(freshPhone(), {})).status).toBe(401);
    expect((await askCode(freshPhone(), owner.auth)).status).toBe(403);
  });

  it('gives a session that cannot call staff routes, ends on sign-out, and is no staff token', async () => {
    const session = await signInCustomer(t, key);
    const staffRoute = await t.http.get('/v1/customers').set(session.auth);
    expect(staffRoute.status).toBe(403);
    expect(staffRoute.body.code).toBe('auth.customer_not_allowed');
    expect((await t.http.get(`/v1/customers/${session.customerId}`).set(session.auth)).status).toBe(403);
    expect((await t.http.get('/v1/auth/me').set(session.auth)).status).toBe(403);
    // A staff token on a customer route.
    const staff = await t.http.delete('/v1/customer-auth/sessions/current').set(owner.auth);
    expect(staff.status).toBe(403);
    expect(staff.body.code).toBe('auth.customer_only');

    expect((await t.http.delete('/v1/customer-auth/sessions/current').set(session.auth)).status).toBe(204);
    const after = await t.http.delete('/v1/customer-auth/sessions/current').set(session.auth);
    expect(after.status).toBe(401);
    const [closed] = await t.sql<{ action: string; actor_type: string; actor_id: string }>(
      "SELECT action, actor_type, actor_id FROM audit_event WHERE entity_id = $1 AND action = 'customer_session.close'",
      [session.customerId],
    );
    expect(closed).toEqual({ action: 'customer_session.close', actor_type: 'customer', actor_id: session.customerId });
  });
});

describe("customers' apps: sessions follow their customer", () => {
  let t: TestApp;
  let owner: UserRecord;
  let key: PublishableKeyRecord;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    key = await createPublishableKey(t, owner.auth);
  });
  afterAll(() => t.close());

  it("goes on as the survivor once the customer's record is merged, and ends once the customer is anonymized", async () => {
    const session = await signInCustomer(t, key, freshPhone(), '重复 Duplicate');
    const survivor = await insertBareCustomer(t, '正本 Survivor');
    expect((await t.http.post(`/v1/customers/${survivor}/merge`).set(owner.auth).send({ duplicateId: session.customerId })).status).toBe(200);
    // At once: the profile is the survivor's.
    expect((await t.http.get('/v1/me').set(session.auth)).body).toMatchObject({ id: survivor, name: '正本 Survivor' });
    // Then the session itself moves (the merge's event).
    await waitFor(
      () => t.sql<{ customer_id: string }>('SELECT customer_id FROM customer_session WHERE token_hash = encode(sha256($1::bytea), $2)', [session.accessToken, 'hex']),
      (rows) => rows[0]?.customer_id === survivor,
    );

    expect((await t.http.post(`/v1/customers/${survivor}/anonymize`).set(owner.auth)).status).toBe(200);
    await waitFor(
      async () => (await t.http.get('/v1/me').set(session.auth)).status,
      (status) => status === 401,
    );
  });
});

describe("customers' apps: sign-in limits", () => {
  let t: TestApp;
  let key: PublishableKeyRecord;

  beforeAll(async () => {
    t = await startTestApp({ env: { CUSTOMER_SIGN_IN_PER_HOUR: '2', CUSTOMER_SIGN_IN_IP_PER_HOUR: '6' } });
    const owner = await createUser(t, { role: 'owner' });
    key = await createPublishableKey(t, owner.auth);
  });
  afterAll(() => t.close());

  it('sends a phone at most CUSTOMER_SIGN_IN_PER_HOUR codes, and takes CUSTOMER_SIGN_IN_IP_PER_HOUR requests from one address: then 429 with Retry-After', async () => {
    const phone = freshPhone();
    const ask = (to: string) => t.http.post('/v1/customer-auth/codes').set(key.auth).send({ phone: to });
    expect((await ask(phone)).status).toBe(202);
    expect((await ask(phone)).status).toBe(202);
    const third = await ask(phone);
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(PROBLEM);
    expect(third.body.code).toBe('customer_auth.too_many_requests');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(3000);
    // The refused one was not counted on the address: 2 of 6 used; other phones, and sign-ins, share the rest.
    expect((await ask(freshPhone())).status).toBe(202);
    expect((await ask(freshPhone())).status).toBe(202);
    expect((await t.http.post('/v1/customer-auth/sessions').set(key.auth).send({ phone: freshPhone(), code: '000000', name: 'X' })).status).toBe(400);
    expect((await ask(freshPhone())).status).toBe(202);
    const overAddress = await ask(freshPhone());
    expect(overAddress.status).toBe(429);
    const signIn = await t.http.post('/v1/customer-auth/sessions').set(key.auth).send({ phone: freshPhone(), code: '000000', name: 'X' });
    expect(signIn.status).toBe(429);
  });
});
