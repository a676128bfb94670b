import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from './common/audit/audit.module.js';
import { AuthGuard, RevocationsModule } from './common/auth/index.js';
import { ClockModule, type Clock } from './common/clock/index.js';
import { bullRootOptions } from './common/background/index.js';
import { DatabaseModule } from './common/database/index.js';
import { DeadlinesModule } from './common/deadlines/deadlines.module.js';
import { ProblemFilter } from './common/errors/index.js';
import { BodyRulesGuard } from './common/http/request-body.js';
import { EventsModule } from './common/events/events.module.js';
import { HealthModule } from './common/health/health.module.js';
import { IdempotencyModule } from './common/http/idempotency/idempotency.module.js';
import { createLoggers, loggingModule } from './common/observability/logging.js';
import { MetricsModule } from './common/observability/metrics.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import { ConfigModule, type AppConfigValues } from './config/index.js';
import { buildDataSourceOptions } from './database.js';
import { IdentityModule } from './modules/identity/index.js';
import { StoresModule } from './modules/stores/index.js';
import { CatalogModule } from './modules/catalog/index.js';
import { CustomersModule } from './modules/customers/index.js';
import { NotificationsModule } from './modules/notifications/index.js';
import { WebhooksModule } from './modules/webhooks/index.js';
import { SchedulingModule } from './modules/scheduling/index.js';
import { AppointmentsModule } from './modules/appointments/index.js';
import { InventoryModule } from './modules/inventory/index.js';
import { OrdersModule } from './modules/orders/index.js';

export interface AppModuleOptions {
  config: AppConfigValues;
  /** Extra modules (tests add a test-only deadline kind this way). */
  imports?: ModuleMetadata['imports'];
  /** Where JSON logs go (standard output when omitted; tests capture them). */
  logDestination?: DestinationStream;
  /** The time source (the system's when omitted; tests pass a FixedClock). */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, imports = [], logDestination, clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Kernel: configuration, logs, database, Redis, queues.
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        loggingModule(createLoggers(config, logDestination)),
        DatabaseModule.forRoot(buildDataSourceOptions(config)),
        RedisModule.forRoot(config.REDIS_URL),
        BullModule.forRoot(bullRootOptions(config)),
        RevocationsModule,
        // Cross-cutting machinery.
        AuditModule,
        EventsModule,
        IdempotencyModule,
        DeadlinesModule,
        MetricsModule,
        HealthModule,
        // Business modules.
        IdentityModule,
        StoresModule,
        CatalogModule,
        CustomersModule,
        SchedulingModule,
        AppointmentsModule,
        InventoryModule,
        OrdersModule,
        NotificationsModule,
        WebhooksModule,
        ...imports,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard: a body's content type is checked once the caller may use the route.
        { provide: APP_GUARD, useClass: BodyRulesGuard },
      ],
    };
  }
}
