/**
 * Human numbers (src/common/numbers): unique and increasing under concurrency, without serialising
 * the transactions that take them; the date is the store's local date; a gap-free series is had by
 * taking the number inside the transaction, and then those transactions do run one at a time.
 */
import { Controller, Inject, Injectable, Module, Post, Query } from '@nestjs/common';
import { Public } from '../src/common/auth/index.js';
import { Db, Transactional } from '../src/common/database/index.js';
import { HumanNumbers, HumanNumbersModule, parseHumanNumber, type TakeNumber, type TakenNumber } from '../src/common/numbers/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';

const SHANGHAI: TakeNumber = { prefix: 'SO', scope: 'business', timeZone: 'Asia/Shanghai' };

/** Lets a test keep a transaction open after it took its number. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

@Injectable()
class SampleOrders {
  constructor(
    @Inject(Db) readonly db: Db,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
  ) {}

  /** One order, one transaction: the number is taken inside it, as orders will. */
  @Transactional()
  async create(request: TakeNumber, options: { hold?: Promise<void>; fail?: boolean; gapFree?: boolean } = {}): Promise<TakenNumber> {
    const taken = options.gapFree ? await this.numbers.takeGapFree(this.db, request) : await this.numbers.take(request);
    await this.db.execute('INSERT INTO sample_order (number) VALUES ($1)', [taken.number]);
    await options.hold;
    if (options.fail) throw new Error('rolled back on purpose');
    return taken;
  }
}

@Controller('test-numbers')
class SampleOrdersController {
  constructor(@Inject(SampleOrders) private readonly orders: SampleOrders) {}

  @Post()
  @Public()
  create(@Query('prefix') prefix = 'SO') {
    return this.orders.create({ ...SHANGHAI, prefix });
  }
}

@Module({ imports: [HumanNumbersModule], providers: [SampleOrders], controllers: [SampleOrdersController] })
class SampleOrdersModule {}

describe('human numbers', () => {
  let t: TestApp;
  let orders: SampleOrders;
  let numbers: HumanNumbers;

  beforeAll(async () => {
    t = await startTestApp({ imports: [SampleOrdersModule] });
    orders = t.app.get(SampleOrders);
    numbers = t.app.get(HumanNumbers);
    await t.sql('CREATE TABLE sample_order (id bigserial PRIMARY KEY, number text NOT NULL UNIQUE)');
  });
  afterAll(() => t.close());

  it('gives 50 parallel requests 50 distinct numbers, 1 to 50 of the day', async () => {
    expect(t.config.DATABASE_POOL_SIZE).toBe(10);
    const responses = await Promise.all(Array.from({ length: 50 }, () => t.http.post('/test-numbers?prefix=PAR')));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const taken = responses.map((r) => r.body as TakenNumber);
    expect(new Set(taken.map((n) => n.number)).size).toBe(50);
    expect(taken.map((n) => n.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const n of taken) expect(n.number).toBe(`PAR-${n.date.replace(/-/g, '')}-${String(n.sequence).padStart(4, '0')}`);
    const [{ count }] = await t.sql<{ count: string }>("SELECT count(*) FROM sample_order WHERE number LIKE 'PAR-%'");
    expect(Number(count)).toBe(50);
  });

  it('lets more transactions take numbers at once than the pool has connections (the counter has a pool of its own)', async () => {
    const at = Date.parse('2026-02-28T04:00:00Z');
    // All 50 ask for a connection in the same tick: with the counter on the main pool, the 10 that got
    // one would each wait for an eleventh, forever.
    const taken = await Promise.all(Array.from({ length: 50 }, () => orders.create({ ...SHANGHAI, prefix: 'POOL', at })));
    expect(taken.map((n) => n.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('increases in the order numbers are taken', async () => {
    const at = Date.parse('2026-03-01T04:00:00Z');
    const sequences: number[] = [];
    for (let i = 0; i < 5; i++) sequences.push((await orders.create({ ...SHANGHAI, prefix: 'INC', at })).sequence);
    expect(sequences).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not make other transactions wait for one that took a number and is still open', async () => {
    const at = Date.parse('2026-03-02T04:00:00Z');
    const held = gate();
    const first = orders.create({ ...SHANGHAI, prefix: 'OPEN', at }, { hold: held.wait });
    await waitFor(
      () => t.sql("SELECT 1 FROM human_number_counter WHERE prefix = 'OPEN'"),
      (rows) => rows.length === 1,
    );
    // The first transaction is still open, yet the second takes the next number and commits.
    const second = await orders.create({ ...SHANGHAI, prefix: 'OPEN', at });
    expect(second.number).toBe('OPEN-20260302-0002');
    held.open();
    expect((await first).number).toBe('OPEN-20260302-0001');
  });

  it('loses the number of a rolled-back transaction (a gap, acceptable for orders)', async () => {
    const at = Date.parse('2026-03-03T04:00:00Z');
    await expect(orders.create({ ...SHANGHAI, prefix: 'GAP', at }, { fail: true })).rejects.toThrow('rolled back on purpose');
    expect((await orders.create({ ...SHANGHAI, prefix: 'GAP', at })).number).toBe('GAP-20260303-0002');
  });

  it("dates numbers by the store's local day around its midnight (fixed clock)", async () => {
    const beforeMidnight = Date.parse('2026-12-06T15:59:59.999Z'); // 23:59:59.999 in Shanghai
    const midnight = Date.parse('2026-12-06T16:00:00Z'); // 00:00 on the 7th in Shanghai, still the 6th in UTC
    expect((await numbers.take({ ...SHANGHAI, prefix: 'MID', at: beforeMidnight })).number).toBe('MID-20261206-0001');
    expect((await numbers.take({ ...SHANGHAI, prefix: 'MID', at: beforeMidnight })).number).toBe('MID-20261206-0002');
    // A new local day starts its own series at 1.
    expect((await numbers.take({ ...SHANGHAI, prefix: 'MID', at: midnight })).number).toBe('MID-20261207-0001');
    const london = { prefix: 'MID', scope: 'store-london', scopeCode: 'LDN1', timeZone: 'Europe/London' };
    expect((await numbers.take({ ...london, at: new Date(midnight) })).number).toBe('MID-LDN1-20261206-0001');
  });

  it('keeps one series per store, with the store code in the number', async () => {
    const at = Date.parse('2026-04-01T04:00:00Z');
    const sh = { prefix: 'SO', scope: '1c9f0f5e-0000-4000-8000-000000000001', scopeCode: 'sh01', timeZone: 'Asia/Shanghai', at };
    const bj = { prefix: 'SO', scope: '1c9f0f5e-0000-4000-8000-000000000002', scopeCode: 'BJ01', timeZone: 'Asia/Shanghai', at };
    expect((await numbers.take(sh)).number).toBe('SO-SH01-20260401-0001');
    expect((await numbers.take(bj)).number).toBe('SO-BJ01-20260401-0001');
    expect((await numbers.take(sh)).number).toBe('SO-SH01-20260401-0002');
  });

  it('widens the sequence past 9999', async () => {
    await t.sql("INSERT INTO human_number_counter (scope, prefix, local_date, last_value) VALUES ('business', 'WIDE', '2026-05-01', 9998)");
    const at = Date.parse('2026-05-01T04:00:00Z');
    const [a, b] = [await numbers.take({ ...SHANGHAI, prefix: 'WIDE', at }), await numbers.take({ ...SHANGHAI, prefix: 'WIDE', at })];
    expect([a.number, b.number]).toEqual(['WIDE-20260501-9999', 'WIDE-20260501-10000']);
    expect(parseHumanNumber(b.number)?.sequence).toBe(10_000);
  });

  it('refuses a prefix that is not 1 to 6 capital letters', async () => {
    await expect(numbers.take({ ...SHANGHAI, prefix: 'so' })).rejects.toThrow('prefix');
  });

  describe('gap-free series (takeGapFree)', () => {
    it('gives a rolled-back number back, so the series has no gap', async () => {
      const at = Date.parse('2026-06-01T04:00:00Z');
      await expect(orders.create({ ...SHANGHAI, prefix: 'INV', at }, { gapFree: true, fail: true })).rejects.toThrow('rolled back on purpose');
      expect((await orders.create({ ...SHANGHAI, prefix: 'INV', at }, { gapFree: true })).number).toBe('INV-20260601-0001');
      expect((await orders.create({ ...SHANGHAI, prefix: 'INV', at }, { gapFree: true })).number).toBe('INV-20260601-0002');
    });

    it('serialises the transactions of the series: the next waits for the open one', async () => {
      const at = Date.parse('2026-06-02T04:00:00Z');
      const held = gate();
      const first = orders.create({ ...SHANGHAI, prefix: 'FIS', at }, { gapFree: true, hold: held.wait });
      // The first has taken its number and inserted its order: its transaction holds a lock on sample_order.
      await waitFor(
        async () =>
          Number(
            (
              await t.sql<{ n: string }>(
                "SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'sample_order' AND l.mode = 'RowExclusiveLock'",
              )
            )[0].n,
          ),
        (n) => n === 1,
      );
      const second = orders.create({ ...SHANGHAI, prefix: 'FIS', at }, { gapFree: true });
      // The second waits on the counter row the first still holds.
      await waitFor(
        async () => Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"))[0].n),
        (n) => n === 1,
      );
      held.open();
      expect([(await first).number, (await second).number]).toEqual(['FIS-20260602-0001', 'FIS-20260602-0002']);
    });

    it('is refused outside a transaction', async () => {
      await expect(numbers.takeGapFree(t.app.get(Db), SHANGHAI)).rejects.toThrow('must be written inside a transaction');
    });
  });
});
