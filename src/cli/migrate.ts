import { DataSource } from 'typeorm';
import { loadConfig, type AppConfigValues } from '../config/index.js';
import { buildDataSourceOptions } from '../database.js';
import { backfillNameKeys } from '../modules/customers/index.js';
import type { CliCommand } from './command.js';

/**
 * Applies pending migrations (each in its own transaction) and returns their names. The compiled
 * build runs this as `node dist/cli.js migrate`, so a production image needs no TypeScript toolchain.
 */
export async function runMigrations(config: AppConfigValues, options: { quiet?: boolean } = {}): Promise<string[]> {
  const base = buildDataSourceOptions(config, { applicationName: 'bloom-migrate' });
  // Quiet (npm start prints its own one-line summary): TypeORM's console logger, errors only.
  const dataSource = new DataSource(options.quiet ? { ...base, logger: 'advanced-console', logging: ['error'] } : base);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    // Data only the application can compute (pinyin of names written before their keys existed).
    await backfillNameKeys((sql, parameters) => dataSource.query(sql, parameters));
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply pending database migrations (what npm run migration:run does, without TypeScript)',
  usage: '',
  async run() {
    const applied = await runMigrations(loadConfig());
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'migrations: up to date');
  },
};
