/**
 * `npm start`: from a fresh clone to a running API with demo data, nothing to install by hand.
 *
 * Reads `.env` when there is one, validates the configuration, finds or starts PostgreSQL (an
 * embedded one under `.data/postgres` when DATABASE_URL is unset) and Redis (a `redis-server` from
 * the PATH under `.data/redis` when nothing answers at REDIS_URL), applies migrations, seeds the demo
 * business, serves the API and prints where everything is. Ctrl-C stops the app, then what it started.
 * For development only: production runs `node dist/main.js` against real services.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedDemoBusiness } from '../cli/seed.js';
import { runMigrations } from '../cli/migrate.js';
import { ConfigError, loadConfig, type AppConfigValues } from '../config/index.js';
import { createApp } from '../configure-app.js';
import { printBanner, say } from './banner.js';
import { ensureDatabase, InfraError, postgresAnswers, redisAnswers, redisPort, safeUrl, startRedisServer, withDatabase } from './infra.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DATABASE = 'bloom';

/** A startup failure whose message says everything: printed without a stack trace. */
class LaunchError extends Error {}

/** What this run started, stopped in reverse order on Ctrl-C or on a failed start. */
const started: { name: string; stop: () => Promise<void>; pid?: number }[] = [];
let stopping = false;
/** The start-up step under way: a Ctrl-C waits for it, so nothing it starts is left running. */
let current: Promise<unknown> = Promise.resolve();
const never = () => new Promise<never>(() => undefined);

/** Runs one start-up step; once a stop has begun, start-up goes no further. */
async function step<T>(work: Promise<T>): Promise<T> {
  current = work;
  const result = await work;
  if (stopping) return never();
  return result;
}

async function stopAll(reason: string, exitCode: number): Promise<never> {
  if (stopping) return never();
  stopping = true;
  if (reason) say(`${reason}: stopping`);
  setTimeout(() => {
    say('still stopping after 20 s: exiting anyway');
    process.exit(1);
  }, 20_000).unref();
  await current.catch(() => undefined);
  for (let service = started.pop(); service; service = started.pop()) {
    try {
      await service.stop();
      say(`stopped ${service.name}`);
    } catch (error) {
      say(`could not stop ${service.name}: ${(error as Error).message}`);
      exitCode ||= 1;
    }
  }
  process.exit(exitCode);
}

// Last resort when the process ends some other way (process.exit deep in a library): the
// detached servers would outlive it, so signal them (synchronously: nothing async runs on exit).
process.on('exit', () => {
  for (const service of started) {
    if (service.pid) {
      try {
        process.kill(service.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
});

/**
 * The launcher owns the process's signals: Nest registers shutdown hooks of its own; replacing them
 * keeps one orderly shutdown.
 * npm forwards the terminal's Ctrl-C too, so a signal can arrive twice: the second is ignored.
 */
function claimSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stopAll(signal === 'SIGINT' ? 'Ctrl-C' : signal, 0));
  }
}

function loadDotEnv(): void {
  const file = join(ROOT, '.env');
  if (!existsSync(file)) return;
  process.loadEnvFile(file); // variables already set in the environment win
  say('read .env');
}

function readConfig(): AppConfigValues {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new LaunchError(`${error.message}\n(fix them in .env or the environment; .env.example lists every variable)`);
    throw error;
  }
}

async function providePostgres(config: AppConfigValues, explicit: boolean): Promise<string> {
  if (explicit) {
    const url = config.DATABASE_URL;
    if (await postgresAnswers(url)) {
      say(`PostgreSQL: ${safeUrl(url)}`);
      return url;
    }
    if (await postgresAnswers(withDatabase(url, 'postgres'))) {
      await ensureDatabase(url);
      say(`PostgreSQL: ${safeUrl(url)} (database created)`);
      return url;
    }
    throw new LaunchError(
      `PostgreSQL does not answer at DATABASE_URL=${safeUrl(url)}.\n` + 'Start that server or fix the URL, or unset DATABASE_URL to let npm start run an embedded PostgreSQL.',
    );
  }
  const port = config.EMBEDDED_PG_PORT;
  const dir = join(ROOT, '.data', 'postgres');
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (await postgresAnswers(admin)) {
    say(`PostgreSQL: the embedded one already running on port ${port} (started by another npm start or npm test)`);
  } else {
    const first = !existsSync(join(dir, 'PG_VERSION')) && !existsSync(join(dir, 'LOCATION'));
    say(first ? 'PostgreSQL: creating an embedded PostgreSQL 17 in .data/postgres (first run only)' : 'PostgreSQL: starting the embedded one in .data/postgres');
    const server = await startEmbeddedPostgres({ dir, port, detached: true, log: say });
    started.push({ name: 'PostgreSQL', stop: () => server.stop(), pid: server.pid });
  }
  const url = withDatabase(admin, DATABASE);
  await ensureDatabase(url);
  say(`PostgreSQL: ${safeUrl(url)}`);
  return url;
}

async function provideRedis(config: AppConfigValues): Promise<void> {
  const url = config.REDIS_URL;
  if (await redisAnswers(url)) {
    say(`Redis: ${safeUrl(url)}`);
    return;
  }
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new LaunchError(`Redis does not answer at REDIS_URL=${safeUrl(url)}: start it or fix the URL.`);
  }
  say(`Redis: nothing answers at ${safeUrl(url)}; starting a redis-server from the PATH (data in .data/redis)`);
  const server = await startRedisServer({ dir: join(ROOT, '.data', 'redis'), port: redisPort(url), detached: true });
  started.push({ name: 'Redis', stop: () => server.stop(), pid: server.pid });
  say(`Redis: ${safeUrl(url)}`);
}

/** Asks the running app whether it is ready, and says what is not. */
async function checkReady(base: string): Promise<void> {
  try {
    const response = await fetch(`${base}/health/ready`);
    const report = (await response.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
    const failing = Object.entries(report.checks).filter(([, check]) => !check.ok);
    for (const [name, check] of failing) say(`warning: readiness check ${name} fails: ${check.detail ?? 'no detail'}`);
  } catch (error) {
    say(`warning: /health/ready did not answer: ${(error as Error).message}`);
  }
}

async function launch(): Promise<void> {
  claimSignals();
  say('starting Bloom for development (npm start)');
  loadDotEnv();
  const explicitDatabase = Boolean(process.env.DATABASE_URL);
  let config = readConfig();
  // Redis first: it fails fast (no redis-server), before the slower PostgreSQL start.
  await step(provideRedis(config));
  config = { ...config, DATABASE_URL: await step(providePostgres(config, explicitDatabase)) };

  const applied = await step(runMigrations(config, { quiet: true }));
  say(applied.length ? `migrations: applied ${applied.length}` : 'migrations: up to date');

  const app = await step(createApp({ config }));
  started.push({ name: 'the API', stop: () => app.close() });
  claimSignals(); // createApp enabled Nest's shutdown hooks; app.close() above runs them in order
  await step(app.init());
  const seeded = await step(seedDemoBusiness(app));
  say(seeded.created.length ? `demo data: created ${seeded.created.join(', ')}` : 'demo data: already there');

  try {
    await step(app.listen({ port: config.PORT, host: config.HOST }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new LaunchError(`Port ${config.PORT} is taken (another npm start?): stop it, or set PORT in .env.`);
    }
    throw error;
  }
  const base = process.env.PUBLIC_URL ? config.PUBLIC_URL.replace(/\/$/, '') : `http://localhost:${config.PORT}`;
  await step(checkReady(`http://127.0.0.1:${config.PORT}`));
  printBanner({ base, seconds: performance.now() / 1000, logins: seeded.logins });
}

function fail(error: unknown): void {
  if (stopping) return; // a step cut short by Ctrl-C
  const known = error instanceof LaunchError || error instanceof InfraError;
  say(known ? error.message : `failed: ${(error as Error)?.stack ?? String(error)}`);
  void stopAll('', 1);
}

// A crash of the app must not leave the databases this run started behind (they run detached).
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
launch().catch(fail);
