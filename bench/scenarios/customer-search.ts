/**
 * DESIGN §7: customer search over 200,000 customers, p50 ≤ 20 ms. GET /v1/customers with a real
 * token (auth, validation, privacy mapping, request logs) for each kind of search a front desk
 * types (1-character name fragments common and rare, 2 characters, pinyin, the last 4 digits of a
 * phone, a combination), a few connections, against a bare Fastify + pg server running the same
 * SQL in the same run. Also prints each kind's plan (EXPLAIN ANALYZE) on the seeded data.
 */
import argon2 from 'argon2';
import autocannon from 'autocannon';
import { todayIn } from '../../src/common/clock/index.js';
import { criteriaConditions, SqlParams, type CustomerCriteria } from '../../src/modules/customers/search/customer-search.js';
import { withClient } from '../lib/database.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import type { LoadResult } from '../lib/load.js';
import { startBaseline, startBloom } from '../lib/processes.js';
import { seedCustomers } from './customer-search-seed.js';

const CUSTOMERS = 200_000;
const CONNECTIONS = 4;
const TARGET_P50_MS = 20;
const PASSWORD = 'bench-password-123';

interface Kind {
  label: string;
  /** Query strings, cycled through by every connection. */
  queries: string[];
  /** The criteria of the first query, for its EXPLAIN. */
  explain: CustomerCriteria;
}

const qs = (params: Record<string, string | number>) => new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))).toString();

function kinds(lastFours: string[]): Kind[] {
  const q = (...values: string[]) => values.map((value) => qs({ q: value }));
  return [
    { label: 'q, 1 char, common (王 李 伟 小 丽)', queries: q('王', '李', '伟', '小', '丽'), explain: { q: '王' } },
    { label: 'q, 1 char, rare (黛 翎 瑾 蓁 婳)', queries: q('黛', '翎', '瑾', '蓁', '婳'), explain: { q: '黛' } },
    { label: 'q, 2 chars (王伟 李娜 小红 婷婷 张敏)', queries: q('王伟', '李娜', '小红', '婷婷', '张敏'), explain: { q: '婷婷' } },
    { label: 'q, pinyin (wang lily chen)', queries: q('wang', 'lily', 'chen'), explain: { q: 'wang' } },
    { label: 'q, pinyin fragment, initials (xiaoh, wang wei, wx, lxh)', queries: q('xiaoh', 'wang wei', 'wx', 'lxh'), explain: { q: 'xiaoh' } },
    { label: 'phone, last 4 digits', queries: lastFours.map((phone) => qs({ phone })), explain: { phone: lastFours[0] } },
    {
      label: 'combination (q + tag + gender + age)',
      queries: [
        `${qs({ q: '李', tag: 'VIP', gender: 'female', ageMin: 25, ageMax: 45 })}`,
        `${qs({ q: '小', tag: '会员', gender: 'female', ageMin: 30 })}`,
        `${qs({ phone: lastFours[1], gender: 'female' })}`,
      ],
      explain: { q: '李', tag: ['VIP'], gender: 'female', ageMin: 25, ageMax: 45 },
    },
  ];
}

async function seed(databaseUrl: string): Promise<{ email: string; lastFours: string[]; seedMs: number }> {
  return withClient(databaseUrl, async (client) => {
    const address = { line1: '1 Nanjing West Road', city: 'Shanghai', country: 'CN' };
    const stores = await client.query<{ id: string }>(
      `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
       SELECT 'C' || g, 'Bench store ' || g, 'Asia/Shanghai', $1, '+862162881234', '{}' FROM generate_series(1, 6) AS g RETURNING id`,
      [JSON.stringify(address)],
    );
    const started = performance.now();
    await seedCustomers(
      client,
      CUSTOMERS,
      stores.rows.map((row) => row.id),
    );
    const seedMs = performance.now() - started;
    const email = 'bench-front@example.test';
    const user = await client.query<{ id: string }>("INSERT INTO staff_user (name, email, role, password_hash) VALUES ('Bench front desk', $1, 'receptionist', $2) RETURNING id", [
      email,
      await argon2.hash(PASSWORD, { type: argon2.argon2id }),
    ]);
    await client.query('INSERT INTO staff_user_store (user_id, store_id) VALUES ($1, $2)', [user.rows[0].id, stores.rows[0].id]);
    // Last 4 digits of phones spread through the book (each matches ~20 customers).
    const phones = await client.query<{ last4: string }>('SELECT right(phone, 4) AS last4 FROM customer TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 8');
    return { email, lastFours: phones.rows.map((row) => row.last4), seedMs };
  });
}

/** Each kind's plan on the seeded data: which index answers it, and how long PostgreSQL takes. */
async function explain(databaseUrl: string, list: Kind[]): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    const lines: string[] = [];
    for (const kind of list) {
      const params = new SqlParams();
      const where = criteriaConditions(kind.explain, todayIn('Asia/Shanghai', Date.now()), params);
      const sql = `SELECT id FROM customer WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${params.add(21)}`;
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params.values);
      const plan = rows.map((row) => row['QUERY PLAN']);
      const scans = plan
        .filter((line) => /Scan/.test(line))
        .map((line) =>
          line
            .trim()
            .replace(/^->\s*/, '')
            .replace(/\s*\(actual.*$/, ''),
        );
      const time = plan.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
      lines.push(`plan ${JSON.stringify(kind.explain)}: ${scans.join(' / ')} — ${time}`);
    }
    return lines;
  });
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The same search through both servers finds the same customers. */
async function expectSameResults(baselineUrl: string, bloomUrl: string, headers: Record<string, string>, query: string): Promise<void> {
  const [a, b] = await Promise.all([fetch(`${baselineUrl}/customers?${query}`), fetch(`${bloomUrl}/v1/customers?${query}`, { headers })]);
  if (a.status !== 200 || b.status !== 200) throw new Error(`sanity check failed for ${query}: baseline ${a.status}, bloom ${b.status} ${await b.text()}`);
  const ids = async (res: Response) => ((await res.json()) as { data: Array<{ id: string }> }).data.map((row) => row.id).join(',');
  const [x, y] = await Promise.all([ids(a), ids(b)]);
  if (x !== y || x === '') throw new Error(`baseline and Bloom found different customers for ${query}`);
}

async function loadQueries(label: string, baseUrl: string, queries: string[], seconds: number, headers?: Record<string, string>): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    headers,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    requests: queries.map((query) => ({ method: 'GET' as const, path: `${new URL(baseUrl).pathname}?${query}` })),
  });
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function customerSearch(context: BenchContext): Promise<ScenarioReport> {
  const { email, lastFours, seedMs } = await seed(context.databaseUrl);
  const list = kinds(lastFours);
  const plans = await explain(context.databaseUrl, list);
  const baseline = await startBaseline('baseline-customer-search.ts', { DATABASE_URL: context.databaseUrl, DATABASE_POOL_SIZE: '20' });
  const bloom = await startBloom(context.bloomEnv);
  try {
    const token = await login(bloom.url, email);
    const headers = { authorization: `Bearer ${token}` };
    for (const kind of list) await expectSameResults(baseline.url, bloom.url, headers, kind.queries[0]);

    // Warm-up: V8 tiers up the hot paths, PostgreSQL's buffers fill with the indexes.
    await loadQueries(
      'warm-up',
      `${baseline.url}/customers`,
      list.flatMap((kind) => kind.queries),
      3,
    );
    await loadQueries(
      'warm-up',
      `${bloom.url}/v1/customers`,
      list.flatMap((kind) => kind.queries),
      8,
      headers,
    );

    const seconds = Math.max(3, Math.round(context.durationSeconds / 2));
    const results: LoadResult[] = [];
    const figures: Record<string, number> = { customers: CUSTOMERS, seedMs, connections: CONNECTIONS };
    const summary: string[] = [
      `seeded ${CUSTOMERS.toLocaleString('en')} customers in ${(seedMs / 1000).toFixed(1)} s; ${CONNECTIONS} connections, ${seconds} s per kind and server`,
    ];
    let passed = true;
    for (const [i, kind] of list.entries()) {
      // Alternate the two, so drift of a shared machine hits both alike.
      const a = await loadQueries(`baseline: ${kind.label}`, `${baseline.url}/customers`, kind.queries, seconds);
      const b = await loadQueries(`Bloom: ${kind.label}`, `${bloom.url}/v1/customers`, kind.queries, seconds, headers);
      results.push(a, b);
      const ok = b.p50Ms <= TARGET_P50_MS && b.errors + b.non2xx + a.errors + a.non2xx === 0;
      passed &&= ok;
      summary.push(
        `${kind.label}: Bloom p50 ${b.p50Ms.toFixed(1)} ms, p99 ${b.p99Ms.toFixed(1)} ms (baseline p50 ${a.p50Ms.toFixed(1)}, p99 ${a.p99Ms.toFixed(1)}) ${ok ? 'ok' : 'ABOVE TARGET or errors'}`,
      );
      Object.assign(figures, { [`kind${i}BloomP50Ms`]: b.p50Ms, [`kind${i}BloomP99Ms`]: b.p99Ms, [`kind${i}BaselineP50Ms`]: a.p50Ms, [`kind${i}BaselineP99Ms`]: a.p99Ms });
    }
    summary.push(`target: Bloom p50 ≤ ${TARGET_P50_MS} ms for every kind`, ...plans);
    return { name: 'customer-search', results, summary, passed, figures };
  } finally {
    await Promise.all([baseline.stop(), bloom.stop()]);
  }
}
