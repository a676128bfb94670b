/**
 * Boots the real application for one e2e test file: its own database (cloned from the migrated
 * template), its own Redis key prefix, built by the same createApp() as main.ts.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Clock } from '../../src/common/clock/index.js';
import { createApp } from '../../src/configure-app.js';
import { loadConfig, type AppConfigValues } from '../../src/config/index.js';
import { createTestDatabase, ENV, requiredEnv, type TestDatabase } from './infrastructure.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the app's HTTP server. */
  http: ReturnType<typeof request>;
  config: AppConfigValues;
  database: TestDatabase;
  dataSource: DataSource;
  /** Raw SQL on the test database (assertions on what was stored). */
  sql<T = Record<string, unknown>>(text: string, parameters?: unknown[]): Promise<T[]>;
  /** Parsed JSON log lines, when started with `captureLogs`. */
  logs: Array<Record<string, unknown>>;
  /** Stops the app; drops the database unless `keepDatabase` (to boot a second app on it). */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  /** Extra modules, e.g. a test-only deadline kind. */
  imports?: ModuleMetadata['imports'];
  /** Environment overrides (windows, limits). */
  env?: Record<string, string>;
  /** Keep the app's JSON log lines in `logs` (at LOG_LEVEL info unless env says otherwise). */
  captureLogs?: boolean;
  /** Reuse a database (and its Redis prefix) from an earlier app, to test a restart. */
  reuse?: { database: TestDatabase; redisPrefix: string };
  /** The app's time source, e.g. a FixedClock to stand at a chosen instant (the system's when omitted). */
  clock?: Clock;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.reuse?.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? (options.captureLogs ? 'info' : 'silent'),
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: requiredEnv(ENV.redis),
    REDIS_PREFIX: options.reuse?.redisPrefix ?? `bloomtest:${randomBytes(5).toString('hex')}`,
    SWAGGER_ENABLED: 'true',
    ...options.env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const logDestination = options.captureLogs ? { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } : undefined;
  const app = await createApp({ config, imports: options.imports, logDestination, clock: options.clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    database,
    dataSource,
    sql: (text, parameters) => dataSource.query(text, parameters),
    logs,
    async close({ keepDatabase = false } = {}) {
      await app.close();
      if (!keepDatabase) await database.drop();
    },
  };
}
