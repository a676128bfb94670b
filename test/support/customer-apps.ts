/** Customers' apps in tests: publishable keys made through the API, and customers signed in by SMS code. */
import { expect } from '@jest/globals';
import { CustomerSignInCodes } from '../../src/modules/identity/index.js';
import type { TestApp } from './app.js';

export interface PublishableKeyRecord {
  id: string;
  key: string;
  /** `{ 'x-publishable-key': … }`, for supertest's `.set()`. */
  auth: { 'x-publishable-key': string };
}

export async function createPublishableKey(
  t: TestApp,
  by: { authorization: string },
  body: { storeId?: string; channel?: string; name?: string } = {},
): Promise<PublishableKeyRecord> {
  const res = await t.http
    .post('/v1/publishable-keys')
    .set(by)
    .send({ name: 'Booking page', channel: 'mini_program', ...body });
  expect(res.status).toBe(201);
  return { id: res.body.id, key: res.body.key, auth: { 'x-publishable-key': res.body.key } };
}

let phones = 0;
/** A mobile number no other test of the process uses. */
export function freshPhone(): string {
  return `+86137${String(Date.now() % 1e5).padStart(5, '0')}${String(phones++ % 1e3).padStart(3, '0')}`;
}

export interface CustomerSessionRecord {
  customerId: string;
  accessToken: string;
  /** `{ authorization: 'Bearer cs_…' }`. */
  auth: { authorization: string };
}

/** Signs a customer in through the key's app (a code issued directly: the SMS has its own tests). */
export async function signInCustomer(t: TestApp, key: PublishableKeyRecord, phone = freshPhone(), name = '顾客 Customer'): Promise<CustomerSessionRecord> {
  const code = await t.app.get(CustomerSignInCodes).issue(phone);
  const res = await t.http.post('/v1/customer-auth/sessions').set(key.auth).send({ phone, code, name });
  expect(res.status).toBe(201);
  return { customerId: res.body.customerId, accessToken: res.body.accessToken, auth: { authorization: `Bearer ${res.body.accessToken}` } };
}
