/**
 * Stopping Bloom as an orchestrator does (SIGTERM to src/main.ts in a child process), with clients
 * still sending: readiness turns 503 at once so the load balancer stops sending, every request sent
 * meanwhile is answered (no 503, no reset) for SHUTDOWN_DRAIN, then the process shuts down and exits 0.
 */
import { jest } from '@jest/globals';
import { killChild, startBloomChild, type BloomChild } from './support/child.js';
import { createTestDatabase, type TestDatabase } from './support/infrastructure.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(90_000);

const CLIENTS = 20;

describe('SIGTERM', () => {
  let database: TestDatabase;
  let child: BloomChild | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await killChild(child);
    await database.drop();
  });

  it('drains: readiness answers 503 at once, requests keep being served, then exit code 0', async () => {
    child = await startBloomChild({ databaseUrl: database.url, env: { SHUTDOWN_DRAIN: '5s', SHUTDOWN_GRACE: '2s' } });
    const { base } = child;
    const readiness = () =>
      fetch(`${base}/health/ready`).then(
        (res) => res.status,
        () => 0,
      );
    await waitFor(readiness, (status) => status === 200, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${child!.output()}`);
    });

    // 20 clients on keep-alive connections, as behind a load balancer, each counting what it sent.
    let stop = false;
    const failures: string[] = [];
    const served = Array<number>(CLIENTS).fill(0);
    const clients = Array.from({ length: CLIENTS }, async (_, i) => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/health/live`);
          await res.arrayBuffer();
          if (res.status === 200) served[i]++;
          else failures.push(`status ${res.status}`);
        } catch (error) {
          failures.push(String((error as Error).cause ?? error));
        }
      }
    });
    await waitFor(() => served.every((n) => n > 0));

    child.process.kill('SIGTERM');
    const drainReport = await waitFor(
      () =>
        fetch(`${base}/health/ready`).then(
          async (res) => ({ status: res.status, body: await res.json() }),
          () => undefined,
        ),
      (report) => report?.status === 503,
    );
    expect(drainReport?.body).toMatchObject({ status: 'unavailable', checks: { shutdown: { ok: false } } });
    // The balancer has its chance to notice; every client is still served a few more times meanwhile.
    const atNotice = [...served];
    await waitFor(() => served.every((n, i) => n >= atNotice[i] + 3));
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);

    expect(await child.exited).toBe(0);
  });
});
