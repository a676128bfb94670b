import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { Db } from '../database/db.service.js';
import { Clock, todayIn } from '../clock/index.js';
import { formatHumanNumber, isHumanNumberPrefix } from './human-number.js';

export interface TakeNumber {
  /** `SO`, `CS` … */
  prefix: string;
  /** Whose series: `business`, or a store's id for per-store numbers. */
  scope: string;
  /** Printed in the number for per-store series (the store's code), so numbers stay unique in the business. */
  scopeCode?: string;
  /** The IANA zone whose local date the number carries (the store's). */
  timeZone: string;
  /** When the number is taken (the caller's clock); default now. */
  at?: number | Date;
}

export interface TakenNumber {
  number: string;
  /** The local date in the number, `YYYY-MM-DD`. */
  date: string;
  sequence: number;
}

const BUMP = `INSERT INTO human_number_counter (scope, prefix, local_date, last_value) VALUES ($1, $2, $3, 1)
  ON CONFLICT (scope, prefix, local_date) DO UPDATE SET last_value = human_number_counter.last_value + 1 RETURNING last_value`;

/** Connections of the counter pool: each bump holds one for well under a millisecond. */
const POOL_SIZE = 3;

/**
 * Takes human-facing numbers (`SO-20261206-0042`, see human-number.ts) without serialising the
 * transactions that take them: the day's counter row is bumped by one autocommit statement on a
 * small pool of its own, so its row lock lasts microseconds instead of the whole business
 * transaction. Numbers are unique, and increase in the order they are taken; a number taken by a
 * transaction that then rolls back is lost, leaving a gap (fine for orders, tickets, purchase orders).
 *
 * Why its own pool: a use case takes its number inside its transaction, which already holds one of
 * the main pool's connections; if every main connection were held by such a transaction waiting for
 * a second one, none would ever be freed.
 *
 * Gap-free series (fiscal invoice or receipt numbers that an auditor expects without holes) must be
 * taken with `takeGapFree` inside the business transaction: the counter row then stays locked until
 * that transaction commits or rolls back (a rollback gives the number back), so the transactions of
 * one series run one after another. Use that only where the law asks for it, and never mix the two
 * ways on one series (prefix and scope).
 */
@Injectable()
export class HumanNumbers implements OnApplicationShutdown {
  private readonly logger = new Logger('HumanNumbers');
  private pool?: pg.Pool;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async take(request: TakeNumber): Promise<TakenNumber> {
    const date = this.dateOf(request);
    const { rows } = await this.counterPool().query<{ last_value: string }>(BUMP, [request.scope, request.prefix, date]);
    return this.numbered(request, date, rows[0].last_value);
  }

  /** A gap-free number, on the caller's transaction: see the class comment for the price. */
  async takeGapFree(db: Db, request: TakeNumber): Promise<TakenNumber> {
    db.requireTransaction('a gap-free number'); // or a rollback would not give the number back
    const date = this.dateOf(request);
    const [row] = await db.rows<{ last_value: string }>(BUMP, [request.scope, request.prefix, date]);
    return this.numbered(request, date, row.last_value);
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private dateOf(request: TakeNumber): string {
    if (!isHumanNumberPrefix(request.prefix)) throw new Error(`A number prefix is 1 to 6 upper-case letters, not ${JSON.stringify(request.prefix)}`);
    const at = request.at === undefined ? this.clock.nowMs() : typeof request.at === 'number' ? request.at : request.at.getTime();
    return todayIn(request.timeZone, at);
  }

  private numbered(request: TakeNumber, date: string, lastValue: string): TakenNumber {
    const sequence = Number(lastValue);
    return { number: formatHumanNumber({ prefix: request.prefix, scopeCode: request.scopeCode, date, sequence }), date, sequence };
  }

  private counterPool(): pg.Pool {
    if (!this.pool) {
      const { url } = this.dataSource.options as { url?: string };
      if (!url) throw new Error('HumanNumbers needs the DataSource to be configured with a url');
      // Without waiting for its own WAL flush, a bump holds the day's row for microseconds instead of a
      // disk flush, and every taker of the series queues on that row. Safe: WAL is flushed in order, so
      // the business transaction that commits a number (after the bump) makes the bump durable too; a
      // crash can only forget bumps whose numbers no committed row holds.
      this.pool = new pg.Pool({
        connectionString: url,
        max: POOL_SIZE,
        application_name: 'bloom-numbers',
        connectionTimeoutMillis: 5000,
        options: '-c synchronous_commit=off',
      });
      // An idle connection that dies (PostgreSQL restart) must not crash the process: the pool replaces it.
      this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle counter connection lost'));
    }
    return this.pool;
  }
}

/** Import where a module takes numbers; the counter pool opens on first use and closes at shutdown. */
@Module({ providers: [HumanNumbers], exports: [HumanNumbers] })
export class HumanNumbersModule {}
