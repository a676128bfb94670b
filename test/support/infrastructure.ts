/**
 * Finds (or starts) the PostgreSQL and Redis the e2e tests use, and keeps the migrated template
 * database every test file clones. Runs in Jest's global setup; workers read the env it sets.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
// Relative, not '#migrations': global setup loads this file without the 'source' condition.
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/common/database/index.js';
import { existingService, postgresAnswers, redisAnswers, redisPort, startRedisServer, withDatabase, type RunningService } from '../../src/dev/infra.js';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres.js';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
export const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_PG = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`;

export const ENV = {
  /** Admin URL of the PostgreSQL server the tests use (database `postgres`). */
  postgres: 'BLOOM_TEST_PG_URL',
  redis: 'BLOOM_TEST_REDIS_URL',
  /** Pid of the Jest run: test databases are named after it, so leftovers of dead runs can be dropped. */
  runPid: 'BLOOM_TEST_RUN_PID',
  /** The template built for this run (fixed at setup, even if migrations change mid-run). */
  template: 'BLOOM_TEST_TEMPLATE',
} as const;

export async function findOrStartPostgres(): Promise<RunningService> {
  const explicit = process.env.TEST_DATABASE_URL;
  if (explicit) {
    if (await postgresAnswers(explicit)) return existingService(withDatabase(explicit, 'postgres'));
    throw new Error(`TEST_DATABASE_URL does not answer: ${explicit}`);
  }
  for (const url of [LOCAL_PG, EMBEDDED_PG]) if (await postgresAnswers(url)) return existingService(url);
  return startEmbeddedPostgres({ dir: join(ROOT, '.data', 'postgres'), port: EMBEDDED_PG_PORT, log: (line) => console.error(line) });
}

export async function findOrStartRedis(): Promise<RunningService> {
  const url = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return existingService(url);
  return startRedisServer({ dir: join(ROOT, '.data', 'redis-test'), port: redisPort(url) });
}

/** The template's name changes whenever a migration does, so a stale template is never cloned. */
export function templateName(): string {
  const dir = join(ROOT, 'migrations');
  const hash = createHash('sha1');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return `bloom_tpl_${hash.digest('hex').slice(0, 12)}`;
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Builds the migrated template once per migration set; concurrent runs wait on an advisory lock. */
export async function ensureTemplate(adminUrl: string): Promise<string> {
  const template = templateName();
  await withAdmin(adminUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['bloom-test-template']);
    try {
      await dropLeftovers(client, template);
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (rowCount) return;
      const building = `${template}_wip`;
      await client.query(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quote(building)}`);
      const dataSource = new DataSource(dataSourceOptions({ url: withDatabase(adminUrl, building), entities: [], migrations: MIGRATIONS, applicationName: 'bloom-test-template' }));
      await dataSource.initialize();
      try {
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await dataSource.destroy();
      }
      await client.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(template)}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['bloom-test-template']);
    }
  });
  return template;
}

/**
 * Drops the databases of test runs that died, and templates of old migration sets (keeping the
 * newest few: another run may still be cloning one while its migrations are being edited).
 */
async function dropLeftovers(client: pg.Client, keepTemplate: string): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'bloom\\_tpl\\_%' OR datname LIKE 'bloom\\_t\\_%' ORDER BY oid DESC",
  );
  const templates = rows.filter(({ datname }) => datname.startsWith('bloom_tpl_') && datname !== keepTemplate);
  const stale = [
    ...templates.slice(12).map(({ datname }) => datname),
    ...rows
      .map(({ datname }) => datname)
      .filter((datname) => {
        const pid = /^bloom_t_(\d+)_/.exec(datname)?.[1];
        return pid !== undefined && !processAlive(Number(pid));
      }),
  ];
  for (const datname of stale) {
    await client.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let counter = 0;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, cloned from the migrated template (fast: a file copy). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requiredEnv(ENV.postgres);
  const runPid = process.env[ENV.runPid] ?? String(process.pid);
  const name = `bloom_t_${runPid}_${process.pid}_${Date.now().toString(36)}${counter++}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(process.env[ENV.template] ?? templateName())}`));
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (Jest's global setup sets it)`);
  return value;
}
