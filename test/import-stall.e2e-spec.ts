/**
 * A worker killed with SIGKILL in the middle of a customer import (no shutdown, its Bull lock left
 * behind): another worker takes the import over within seconds (JOB_LOCKS), not after Bull's 30 to
 * 60 s stalled-job check, and finishes it with every row imported once.
 */
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from './support/app.js';
import { killChild, startBloomChild, type BloomChild } from './support/child.js';
import { createUser, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';
import { CustomerImportQueue } from '../src/modules/customers/imports/jobs/customer-import-queue.js';
import { csvFile, phoneOf, type ImportBody } from './fixtures/customer-import-files.js';

jest.setTimeout(180_000);

const ROWS = 30_000;

describe('a customer import whose worker is killed', () => {
  const prefix = `bloomtest:${randomBytes(5).toString('hex')}`;
  let t: TestApp;
  let owner: UserRecord;
  const workers: BloomChild[] = [];
  const startWorker = async () => {
    const worker = await startBloomChild({ databaseUrl: t.database.url, script: 'src/worker.ts', env: { REDIS_PREFIX: prefix } });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    // This process only serves HTTP and enqueues; the workers are child processes.
    t = await startTestApp({ env: { BLOOM_ROLE: 'api', REDIS_PREFIX: prefix } });
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(async () => {
    for (const worker of workers) await killChild(worker);
    await t?.close();
  });

  it('is taken over by another worker within about 10 s and finished once', async () => {
    const first = await startWorker();
    const rows = Array.from({ length: ROWS }, (_, i) => ({ name: `Stall ${i}`, phone: phoneOf(40_000_000 + i) }));
    const posted = await t.http
      .post('/v1/customer-imports')
      .set(owner.auth)
      .set('content-type', 'text/csv')
      .send(Buffer.from(csvFile(rows)));
    expect(posted.status).toBe(202);
    const importOf = async () => (await t.http.get(`/v1/customer-imports/${posted.body.id as string}`).set(owner.auth)).body as ImportBody;
    // The first worker has committed some chunks and is in the middle of the rest.
    await waitFor(importOf, (body) => body.status === 'running' && body.processedRows > 0, 60_000);

    // A second worker, idle and waiting for jobs (Bull names each worker's connection in Redis).
    await startWorker();
    const queue = t.app.get(CustomerImportQueue).queue;
    await waitFor(
      () => queue.getWorkers(),
      (clients) => clients.length >= 2,
      60_000,
    );
    first.process.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const killedAt = Date.now();
    const atKill = await importOf();
    expect(atKill.status).toBe('running');
    expect(atKill.processedRows).toBeLessThan(ROWS);

    // The second worker resumes it (processedRows moves again) well before Bull's 30 s lock.
    await waitFor(importOf, (body) => body.processedRows > atKill.processedRows, 15_000);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    const done = await waitFor(importOf, (body) => body.status === 'completed' || body.status === 'failed', 120_000);
    expect(done).toMatchObject({ status: 'completed', processedRows: ROWS, counts: { created: ROWS, errors: 0 } });
    expect((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM customer WHERE name LIKE 'Stall %'"))[0].n).toBe(ROWS);
  });
});
