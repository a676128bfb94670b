import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { QueryLogger } from './query-logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DataSourceInputs {
  url: string;
  poolSize?: number;
  slowQueryMs?: number;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  applicationName?: string;
}

/** The one place DataSource options are built, for the app, the CLI, tests and benchmarks. */
export function dataSourceOptions(inputs: DataSourceInputs): DataSourceOptions {
  return {
    type: 'postgres',
    url: inputs.url,
    entities: inputs.entities,
    migrations: inputs.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // The schema is owned by migrations: never synchronised, no extensions created at connect
    // (the first migration creates them), UUIDs from the built-in gen_random_uuid().
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    maxQueryExecutionTime: inputs.slowQueryMs,
    logger: new QueryLogger(),
    logging: ['error', 'warn', 'migration'],
    extra: {
      max: inputs.poolSize ?? 20,
      application_name: inputs.applicationName ?? 'bloom',
      connectionTimeoutMillis: 5000,
    },
  };
}
