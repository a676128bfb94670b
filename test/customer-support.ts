/** Helpers shared by the customers-core e2e tests (customers, customer-privacy, customer-merge). */
import type { TestApp } from './support/app.js';
export { fieldsOf, PROBLEM } from './support/responses.js';

let counter = Math.floor(Math.random() * 1_000_000);

/** A fresh valid mainland mobile number, E.164 (`+86138…`), unique within a run. */
export function freshPhone(): string {
  counter = (counter + 7919) % 100_000_000;
  return `+86138${String(counter).padStart(8, '0')}`;
}

export function customerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '王小红',
    phone: freshPhone(),
    email: 'Xiaohong.Wang@Example.com',
    gender: 'female',
    birthday: '1992-05-12',
    addresses: [{ label: 'home', line1: '延安西路 200 号 5 栋 1202 室', district: '长宁区', city: '上海市', province: '上海市', postalCode: '200050', isDefault: true }],
    source: 'walk_in',
    careNotes: { skinType: 'combination', allergies: ['PPD (hair dye)'] },
    tags: ['VIP', ' colour-regular ', 'VIP'],
    consents: { sms: { granted: true, method: 'in_store_form' } },
    notes: 'Prefers a quiet room.',
    ...overrides,
  };
}

export async function createCustomer(t: TestApp, auth: Record<string, string>, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.http.post('/v1/customers').set(auth).send(customerBody(overrides));
  if (res.status !== 201) throw new Error(`create customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
