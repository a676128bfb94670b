import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '#migrations';
import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * TypeORM's schema builder reads the catalog with Promise.all on its one connection (getTables,
 * getUserDefinedTypeName…): pg queues them with the deprecation "already executing a query", and pg 9
 * will refuse. Here its runner sends them one at a time; answers are the same.
 */
async function withSequentialQueries<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = create.apply(dataSource, args);
    const query = runner.query.bind(runner) as (...queryArgs: unknown[]) => Promise<unknown>;
    let tail: Promise<unknown> = Promise.resolve();
    runner.query = ((...queryArgs: unknown[]) => {
      const run = tail.then(() => query(...queryArgs));
      tail = run.catch(() => undefined);
      return run;
    }) as typeof runner.query;
    return runner;
  };
  try {
    return await work();
  } finally {
    dataSource.createQueryRunner = create;
  }
}

describe('database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('generating a migration from the entities against the migrated database yields nothing (no drift)', async () => {
    const pending = await withSequentialQueries(t.dataSource, () => t.dataSource.driver.createSchemaBuilder().log());
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('lists every migration file in migrations/index.ts, in timestamp order', () => {
    const files = readdirSync(join(import.meta.dirname, '..', 'migrations')).filter((file) => /^\d+-.*\.ts$/.test(file));
    const timestamps = files.map((file) => Number(file.split('-')[0])).sort((a, b) => a - b);
    const listed = MIGRATIONS.map((migration) => Number(/(\d{13})$/.exec(migration.name)![1]));
    expect(listed).toEqual(timestamps);
  });

  it('has applied every migration and never synchronises', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
    expect(t.dataSource.options.synchronize).toBe(false);
  });
});
