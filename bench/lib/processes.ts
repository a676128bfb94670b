import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/dev/infra.js';

export interface ServerProcess {
  url: string;
  /** From spawning the process to `readyPath` answering 200. */
  bootMs: number;
  /** Resident set size of the server process in MB (read from /proc). */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TS_FLAGS = ['--conditions=source', '--import', '@swc-node/register/esm-register'];

/**
 * Starts a server in its own process (so the load generator does not share its event loop), with
 * standard output to /dev/null (its logs are written, as in production, but nobody reads them), and
 * waits until `readyPath` answers 200.
 */
async function start(args: string[], env: Record<string, string>, readyPath: string): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with code ${code}`))));
  const ready = (async () => {
    for (let attempt = 0; attempt < 600; attempt++) {
      const ok = await fetch(`${url}${readyPath}`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${args.join(' ')} was not ready within 60 s`);
  })();
  await Promise.race([ready, exited]);
  const bootMs = performance.now() - started;
  exited.catch(() => undefined);
  return {
    url,
    bootMs,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Bloom as production runs it: the built `node dist/main.js` (run `npm run build` first). */
export function startBloom(env: Record<string, string>): Promise<ServerProcess> {
  return start(['dist/main.js'], { NODE_ENV: 'production', BLOOM_ROLE: 'api', SWAGGER_ENABLED: 'false', ...env }, '/health/ready');
}

/** A raw baseline server from bench/servers/ (TypeScript, run through SWC). */
export function startBaseline(script: string, env: Record<string, string>): Promise<ServerProcess> {
  return start([...TS_FLAGS, `bench/servers/${script}`], env, '/ready');
}
