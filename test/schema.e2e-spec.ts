import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '#migrations';
import { startTestApp, type TestApp } from './support/app.js';

describe('database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('generating a migration from the entities against the migrated database yields nothing (no drift)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
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
