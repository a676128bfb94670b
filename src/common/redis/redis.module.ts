import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import { REDIS } from './redis.token.js';

export { REDIS, InjectRedis } from './redis.token.js';

/** One shared ioredis client for rate limits, health and queue inspection (Bull keeps its own). */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS, useFactory: () => sharedClient(url) }, FixedWindowLimiter],
      exports: [REDIS, FixedWindowLimiter],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() waits for a reply, which never comes while Redis is down.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

/** How often an unreachable Redis is reported: ioredis emits an error on every reconnect attempt. */
const ERROR_LOG_INTERVAL_MS = 10_000;

function sharedClient(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableReadyCheck: true, lazyConnect: false, connectTimeout: 2000 });
  const logger = new Logger('Redis');
  let lastLogged = 0;
  // Without a listener, ioredis prints "Unhandled error event" on every attempt.
  redis.on('error', (error: Error) => {
    if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = Date.now();
    logger.warn({ err: error }, 'Redis is unreachable; retrying');
  });
  return redis;
}
