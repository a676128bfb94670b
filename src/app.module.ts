import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditModule } from './common/audit/audit.module.js';
import { DatabaseModule } from './common/database/index.js';
import { DeadlinesModule } from './common/deadlines/deadlines.module.js';
import { ProblemFilter } from './common/errors/index.js';
import { EventsModule } from './common/events/events.module.js';
import { HealthModule } from './common/health/health.module.js';
import { IdempotencyModule } from './common/http/idempotency/idempotency.module.js';
import { loggingModule } from './common/observability/logging.js';
import { MetricsModule } from './common/observability/metrics.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import { ConfigModule, type AppConfigValues } from './config/index.js';
import { buildDataSourceOptions } from './database.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { StoresModule } from './modules/stores/stores.module.js';

export interface AppModuleOptions {
  config: AppConfigValues;
  /** Extra modules (tests add a test-only deadline kind this way). */
  imports?: ModuleMetadata['imports'];
}

@Module({})
export class AppModule {
  static forRoot({ config, imports = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config),
        DatabaseModule.forRoot(buildDataSourceOptions(config)),
        RedisModule.forRoot(config.REDIS_URL),
        BullModule.forRoot({ redis: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        EventsModule,
        AuditModule,
        IdempotencyModule,
        DeadlinesModule,
        MetricsModule,
        HealthModule,
        IdentityModule,
        StoresModule,
        ...imports,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
