/**
 * Factories for the records most tests need: stores, staff users (with a ready access token) and
 * API keys. They insert rows directly (fast, no HTTP) in the shapes the services write.
 */
import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { StaffRole } from '../../src/common/http/request-context.js';
import { hashSecret, randomSecret, TokenService } from '../../src/modules/identity/index.js';
import type { TestApp } from './app.js';

let sequence = 0;
const next = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export interface StoreRecord {
  id: string;
  code: string;
  name: string;
  timeZone: string;
}

const FACTORY_ADDRESS = { line1: '南京西路 1266 号', line2: null, district: '静安区', city: '上海市', province: '上海市', postalCode: '200040', country: 'CN' };
const day = [{ open: '10:00', close: '21:00' }];
const FACTORY_HOURS = { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day };

export async function createStore(t: TestApp, overrides: Partial<Omit<StoreRecord, 'id'>> = {}): Promise<StoreRecord> {
  const suffix = next();
  const store = { code: `S${suffix}`.slice(0, 12).toUpperCase(), name: `Store ${suffix}`, timeZone: 'Asia/Shanghai', ...overrides };
  const [row] = await t.sql<{ id: string }>('INSERT INTO store (code, name, time_zone, address, phone, business_hours) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
    store.code,
    store.name,
    store.timeZone,
    JSON.stringify(FACTORY_ADDRESS),
    '+862162881234',
    JSON.stringify(FACTORY_HOURS),
  ]);
  return { id: row.id, ...store };
}

export interface UserRecord {
  id: string;
  email: string;
  password: string;
  role: StaffRole;
  storeIds: string[] | 'all';
  /** The name the user signs in with (carried in the token, as a real sign-in's). */
  name: string;
  /** A valid access token for this user. */
  token: string;
  /** `{ authorization: 'Bearer …' }`, for supertest's `.set()`. */
  auth: { authorization: string };
}

// Cheap argon2id parameters: factories create many users; login still verifies them for real.
const FACTORY_HASH = { type: argon2.argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 } as const;

export async function createUser(t: TestApp, options: { role: StaffRole; storeIds?: string[]; email?: string; password?: string; name?: string }): Promise<UserRecord> {
  const email = options.email ?? `user-${next()}@example.test`;
  const password = options.password ?? `pw-${randomSecret(12)}`;
  const name = options.name ?? `${options.role} ${email}`;
  const [row] = await t.sql<{ id: string }>('INSERT INTO staff_user (name, email, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id', [
    name,
    email,
    options.role,
    await argon2.hash(password, FACTORY_HASH),
  ]);
  const storeIds = options.role === 'owner' ? 'all' : (options.storeIds ?? []);
  if (storeIds !== 'all') {
    for (const storeId of storeIds) await t.sql('INSERT INTO staff_user_store (user_id, store_id) VALUES ($1, $2)', [row.id, storeId]);
  }
  const token = await t.app.get(TokenService).issueAccessToken({ id: row.id, role: options.role, storeIds, name }, randomUUID());
  return { id: row.id, email, password, role: options.role, storeIds, name, token, auth: { authorization: `Bearer ${token}` } };
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  key: string;
  scopes: string[];
  /** `{ 'x-api-key': … }`, for supertest's `.set()`. */
  auth: { 'x-api-key': string };
}

/** `storeIds`: limit the key to these stores (as POST /v1/api-keys does); every store when left out. */
export async function createApiKey(t: TestApp, options: { scopes: string[]; name?: string; storeIds?: string[] }): Promise<ApiKeyRecord> {
  const key = `bk_${randomSecret(32)}`;
  const name = options.name ?? `key ${next()}`;
  const [row] = await t.sql<{ id: string }>('INSERT INTO api_key (name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4) RETURNING id', [
    name,
    key.slice(0, 10),
    hashSecret(key),
    options.scopes,
  ]);
  if (options.storeIds?.length) await t.sql('INSERT INTO api_key_store (api_key_id, store_id) SELECT $1, unnest($2::uuid[])', [row.id, options.storeIds]);
  return { id: row.id, name, key, scopes: options.scopes, auth: { 'x-api-key': key } };
}
