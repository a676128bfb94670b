/**
 * DESIGN §7: GET /v1/stores/{id} with a real token (auth, validation, request logs) against a bare
 * Fastify + pg handler doing the same primary-key read. Target: ratio ≥ 0.6 (goal 0.7), p99 < 25 ms.
 */
import argon2 from 'argon2';
import { load, type LoadResult } from '../lib/load.js';
import { startBaseline, startBloom } from '../lib/processes.js';
import { withClient } from '../lib/database.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';

const PASSWORD = 'bench-password-123';

async function seed(databaseUrl: string): Promise<{ storeId: string; email: string }> {
  return withClient(databaseUrl, async (client) => {
    // 500 stores so the primary-key read is an index lookup, not a scan of one row.
    const address = { line1: '1 Nanjing West Road', city: 'Shanghai', country: 'CN' };
    const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    const hours = Object.fromEntries(weekdays.map((day) => [day, [{ open: '10:00', close: '21:00' }]]));
    await client.query(
      `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
       SELECT 'B' || g, 'Bench store ' || g, 'Asia/Shanghai', $1, '+862162881234', $2 FROM generate_series(1, 500) AS g`,
      [JSON.stringify(address), JSON.stringify(hours)],
    );
    const { rows } = await client.query<{ id: string }>("SELECT id FROM store WHERE code = 'B250'");
    const storeId = rows[0].id;
    const email = 'bench-manager@example.test';
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
    const user = await client.query<{ id: string }>("INSERT INTO staff_user (name, email, role, password_hash) VALUES ('Bench manager', $1, 'manager', $2) RETURNING id", [
      email,
      hash,
    ]);
    await client.query('INSERT INTO staff_user_store (user_id, store_id) VALUES ($1, $2)', [user.rows[0].id, storeId]);
    return { storeId, email };
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

async function expectSameStore(baselineUrl: string, bloomUrl: string, token: string): Promise<void> {
  const [a, b] = await Promise.all([fetch(baselineUrl), fetch(bloomUrl, { headers: { authorization: `Bearer ${token}` } })]);
  if (a.status !== 200 || b.status !== 200) throw new Error(`sanity check failed: baseline ${a.status}, bloom ${b.status} ${await b.text()}`);
  const [x, y] = (await Promise.all([a.json(), b.json()])) as Array<{ id: string }>;
  if (x.id !== y.id) throw new Error('baseline and Bloom read different stores');
}

export async function storeRead(context: BenchContext): Promise<ScenarioReport> {
  const { storeId, email } = await seed(context.databaseUrl);
  const baseline = await startBaseline('baseline-store-read.ts', { DATABASE_URL: context.databaseUrl });
  const bloom = await startBloom(context.bloomEnv);
  try {
    const token = await login(bloom.url, email);
    const baselineUrl = `${baseline.url}/stores/${storeId}`;
    const bloomUrl = `${bloom.url}/v1/stores/${storeId}`;
    const headers = { authorization: `Bearer ${token}` };
    await expectSameStore(baselineUrl, bloomUrl, token);

    const duration = context.durationSeconds;
    // Bloom's first seconds under load run unoptimised code (V8 tiers up the hot paths of Nest, Fastify,
    // TypeORM): a short warm-up left the first measured round 20-30 % low.
    await load({ label: 'warm-up', url: baselineUrl, durationSeconds: 5 });
    await load({ label: 'warm-up', url: bloomUrl, headers, durationSeconds: 10 });
    // Alternate the two, so drift of a shared machine hits both alike.
    const runs: { baseline: LoadResult[]; bloom: LoadResult[] } = { baseline: [], bloom: [] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await load({ label: 'baseline: Fastify + pg, PK read', url: baselineUrl, durationSeconds: duration }));
      runs.bloom.push(await load({ label: 'Bloom: GET /v1/stores/{id}', url: bloomUrl, headers, durationSeconds: duration }));
    }
    const rssMb = await bloom.rssMb();
    const best = (list: LoadResult[]) => list.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
    const a = best(runs.baseline);
    const b = best(runs.bloom);
    const ratio = b.requestsPerSecond / a.requestsPerSecond;
    const pairedRatios = runs.bloom.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond);
    const paired = pairedRatios.map((r) => r.toFixed(2));
    const median = [...pairedRatios].sort((x, y) => x - y)[Math.floor(pairedRatios.length / 2)];
    const failures = [...runs.baseline, ...runs.bloom].reduce((n, r) => n + r.errors + r.non2xx, 0);
    return {
      name: 'store-read',
      results: [...runs.baseline, ...runs.bloom],
      summary: [
        `ratio Bloom/baseline (best of ${context.rounds} each): ${ratio.toFixed(2)}  (target ≥ 0.60, goal 0.70); round by round: ${paired.join(', ')} (median ${median.toFixed(2)})`,
        `Bloom p99 ${b.p99Ms.toFixed(1)} ms at 50 connections (target < 25 ms)`,
        `Bloom API process RSS after load: ${rssMb.toFixed(0)} MB (target < 250 MB)`,
        `Bloom boot to ready (node dist/main.js, migrations applied): ${bloom.bootMs.toFixed(0)} ms (target < 3000 ms)`,
        `errors or non-2xx responses: ${failures}`,
      ],
      passed: ratio >= 0.6 && b.p99Ms < 25 && rssMb < 250 && bloom.bootMs < 3000 && failures === 0,
      figures: {
        ratio,
        medianRoundRatio: median,
        bootMs: bloom.bootMs,
        baselineRps: a.requestsPerSecond,
        bloomRps: b.requestsPerSecond,
        bloomP50Ms: b.p50Ms,
        bloomP99Ms: b.p99Ms,
        baselineP99Ms: a.p99Ms,
        rssMb,
      },
    };
  } finally {
    await Promise.all([baseline.stop(), bloom.stop()]);
  }
}
