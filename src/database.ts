import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '#migrations';
import { dataSourceOptions } from './common/database/index.js';
import type { AppConfigValues } from './config/index.js';
import { ENTITIES } from './entities.js';

export function buildDataSourceOptions(config: AppConfigValues, overrides: { url?: string; applicationName?: string } = {}): DataSourceOptions {
  return dataSourceOptions({
    url: overrides.url ?? config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    slowQueryMs: config.DATABASE_LOG_SLOW_MS,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    applicationName: overrides.applicationName ?? `bloom-${config.BLOOM_ROLE}`,
  });
}
