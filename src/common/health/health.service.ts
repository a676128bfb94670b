import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../redis/redis.module.js';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
  ]);
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [database, migrations, redis, redisPolicy] = await Promise.all([
      this.check(async () => { await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL'); }),
      this.check(async () => {
        // Compared by name rather than with showMigrations(), which logs every migration on each call.
        const applied = await withTimeout(this.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations'), 'PostgreSQL');
        const done = new Set(applied.map((row) => row.name));
        const pending = this.dataSource.migrations.filter((migration) => !done.has(migration.name!)).map((migration) => migration.name);
        if (pending.length > 0) throw new Error(`migrations are pending (${pending.join(', ')}): run the migrate command`);
      }),
      this.check(async () => { await withTimeout(this.redis.ping(), 'Redis'); }),
      this.check(async () => {
        const [, policy] = (await withTimeout(this.redis.config('GET', 'maxmemory-policy'), 'Redis')) as [string, string];
        // Bull loses jobs when Redis evicts keys; say so rather than fail silently.
        if (policy !== 'noeviction') throw new Error(`maxmemory-policy is ${policy}; Bull needs noeviction`);
      }),
    ]);
    const checks = { database, migrations, redis, redisMaxmemoryPolicy: redisPolicy };
    return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'unavailable', checks };
  }

  private async check(probe: () => Promise<void>): Promise<{ ok: boolean; detail?: string }> {
    try {
      await probe();
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }
}
