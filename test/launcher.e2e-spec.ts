/**
 * `npm start`'s launcher, run as a user runs it (a child process), against this run's PostgreSQL
 * (a fresh test database, given as DATABASE_URL) and Redis: it comes up with the demo business,
 * serves the API, and a Ctrl-C (SIGINT) stops it with exit code 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../src/dev/infra.js';
import { createTestDatabase, ENV, requiredEnv, type TestDatabase } from './support/infrastructure.js';

const ROOT = join(import.meta.dirname, '..');

/** Resolves with everything printed so far once `pattern` appears; rejects if the child exits first. */
function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => pattern.test(output()) && done();
    const exited = (code: number | null) => done(new Error(`launcher exited (${code}) before ${pattern}:\n${output()}`));
    function done(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', exited);
      if (error) reject(error);
      else resolve(output());
    }
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

describe('npm start (the dev launcher)', () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  let output = '';
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
    child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'src/dev/launcher.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: database.url,
        REDIS_URL: requiredEnv(ENV.redis),
        REDIS_PREFIX: `bloomtest:${randomBytes(5).toString('hex')}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info', // what a user gets by default
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await waitForOutput(child, () => output, /Bloom is up/, 50_000);
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await database.drop();
  });

  it('prints where everything is and the demo logins', () => {
    expect(output).toContain(`http://localhost:${port}/docs`);
    expect(output).toContain(`http://localhost:${port}/admin/queues`);
    expect(output).toMatch(/owner\s+owner@bloom\.example\s+demo-owner-2026/);
    expect(output).toMatch(/beautician\s+beautician\.jingan@bloom\.example/);
    expect(output).toContain('demo data: created store SH-JA, store SH-XH');
  });

  it('shows the banner on the first screen: no module or route-mapping lines before it', () => {
    const before = output.slice(0, output.indexOf('Bloom is up')).trimEnd().split('\n');
    expect(output).not.toContain('Mapped {');
    expect(output).not.toContain('dependencies initialized');
    expect(before.length).toBeLessThan(15);
  });

  it('serves a ready API in which the printed logins work', async () => {
    const base = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });

    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'manager.jingan@bloom.example', password: 'demo-manager-2026' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const stores = await fetch(`${base}/v1/stores`, { headers: { authorization: `Bearer ${accessToken}` } });
    const page = (await stores.json()) as { data: Array<{ code: string }> };
    expect(page.data.map((store) => store.code)).toEqual(['SH-JA']);
  });

  it('stops on Ctrl-C (SIGINT) with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped the API');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  }, 30_000);
});
