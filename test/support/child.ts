/**
 * Bloom in a child process, started as production starts it (src/main.ts, configured by the
 * environment), for tests that send it real signals. Its output is kept for failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../src/dev/infra.js';
import { ENV, requiredEnv } from './infrastructure.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface BloomChild {
  process: ChildProcess;
  /** http://127.0.0.1:<port> (api and all roles). */
  base: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `script` (src/main.ts unless given) with `env` on top of this run's database, Redis and a free port. */
export async function startBloomChild(options: { databaseUrl: string; env?: Record<string, string>; script?: string; args?: string[] }): Promise<BloomChild> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', options.script ?? 'src/main.ts', ...(options.args ?? [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: requiredEnv(ENV.redis),
      REDIS_PREFIX: `bloomtest:${randomBytes(5).toString('hex')}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SWAGGER_ENABLED: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Kills the child for good if it is still running (afterAll). */
export async function killChild(child: BloomChild | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGKILL');
  await child.exited;
}
