/** Signing in over HTTP, as a front end does (factories hand out tokens without it). */
import { expect } from '@jest/globals';
import type { TestApp } from './app.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: { id: string };
  /** `{ authorization: 'Bearer …' }`, for supertest's `.set()`. */
  bearer: { authorization: string };
}

export async function login(t: TestApp, user: { email: string; password: string }): Promise<Session> {
  const res = await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password });
  expect(res.status).toBe(200);
  return { ...(res.body as Omit<Session, 'bearer'>), bearer: { authorization: `Bearer ${res.body.accessToken as string}` } };
}
