import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { queueConnectionsReady } from '../background/index.js';
import { BullQueues } from '../deadlines/bull-queues.js';
import { REDIS } from '../redis/redis.module.js';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))]);
}

@Injectable()
export class HealthService {
  private draining = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BullQueues) private readonly queues: BullQueues,
  ) {}

  /** From now on readiness answers 503 (shutting down), while requests are still served. */
  startDraining(): void {
    this.draining = true;
  }

  async readiness(): Promise<ReadinessReport> {
    if (this.draining) return { status: 'unavailable', checks: { shutdown: { ok: false, detail: 'shutting down: finishing the requests in flight' } } };
    const [database, migrations, redis, redisPolicy] = await Promise.all([
      this.check(async () => {
        await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      }),
      this.check(async () => {
        // Compared by name rather than with showMigrations(), which logs every migration on each call.
        const applied = await withTimeout(this.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations'), 'PostgreSQL');
        const done = new Set(applied.map((row) => row.name));
        const pending = this.dataSource.migrations.filter((migration) => !done.has(migration.name!)).map((migration) => migration.name);
        if (pending.length > 0) throw new Error(`migrations are pending (${pending.join(', ')}): run the migrate command`);
      }),
      this.check(async () => {
        await withTimeout(this.redis.ping(), 'Redis');
      }),
      this.check(async () => {
        const [, policy] = (await withTimeout(this.redis.config('GET', 'maxmemory-policy'), 'Redis')) as [string, string];
        // Bull loses jobs when Redis evicts keys; say so rather than fail silently.
        if (policy !== 'noeviction') throw new Error(`maxmemory-policy is ${policy}; Bull needs noeviction`);
      }),
    ]);
    // The job queues have Redis connections of their own, which reconnect on their own schedule:
    // until they are ready an add would wait (or fail fast and wait for the recovery sweep).
    const waiting = this.queues
      .all()
      .filter((queue) => !queueConnectionsReady(queue))
      .map((queue) => queue.name);
    const queues = waiting.length === 0 ? { ok: true } : { ok: false, detail: `job queues not connected to Redis yet: ${waiting.join(', ')}` };
    const checks = { database, migrations, redis, redisMaxmemoryPolicy: redisPolicy, queues };
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
