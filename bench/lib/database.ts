import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { dataSourceOptions } from '../../src/common/database/index.js';
import { withDatabase } from '../../src/dev/infra.js';

/** Drops and recreates the bench database, migrated: every run measures the same starting point. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const dataSource = new DataSource({ ...dataSourceOptions({ url, entities: [], migrations: MIGRATIONS, applicationName: 'bloom-bench' }), logging: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return url;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
