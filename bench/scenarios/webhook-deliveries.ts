/**
 * Webhook deliveries per second to 10 endpoints on a local receiver (issue 11), end to end: from a
 * committed durable event (published in a transaction of its own, as a business change does) through
 * its event delivery, one message per endpoint, the webhook queue and the signed POST, to the
 * receiver's request. Bloom runs in this process as a worker (BLOOM_ROLE=worker, WEBHOOK_CONCURRENCY
 * 10); the receiver (bench/servers/webhook-receiver.ts) is a child process verifying every signature.
 * After a warm-up, each round runs:
 *  1. saturated: publishers keep at most BACKLOG deliveries outstanding for `duration` s;
 *     deliveries/s = deliveries / (last receipt − first commit);
 *  2. paced: events at PACED_SHARE of that rate for `duration` s, for the latency from commit to receipt
 *     (under saturation it only measures the backlog the bench chose);
 *  3. the raw baselines: as many signed POSTs as phase 1 delivered, of the same body, to the same
 *     receiver, from loops with the same concurrency, no database: one new connection per POST, and
 *     kept-alive connections.
 * Deliveries lost or duplicated are counted by webhook-id once each phase has drained. DESIGN §7 sets
 * no target for this figure: the scenario passes when nothing is lost, duplicated or badly signed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { Db } from '../../src/common/database/index.js';
import { DurableEvents } from '../../src/common/events/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import { newWebhookSecret, signWebhook, webhookId } from '../../src/modules/webhooks/webhook-signature.js';
import type { ReceiverMessage } from '../servers/webhook-receiver.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';
import type { LoadResult } from '../lib/load.js';

const ENDPOINTS = 10;
const CONCURRENCY = 10;
const PUBLISHERS = 4;
/** Deliveries published and not yet received, at most, in the saturated phase. */
const BACKLOG = 300;
const PACED_SHARE = 0.3;
const WARM_UP_SECONDS = 3;
const DRAIN_TIMEOUT_MS = 120_000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** The receiver child process, and what it said it received. */
class Receiver {
  /** webhook-id → first receipt (shared clock); `copies` counts every receipt. */
  readonly firstAt = new Map<string, number>();
  readonly copies = new Map<string, number>();
  badSignatures = 0;
  connections = 0;
  /** Distinct `webhook-id`s Bloom sent (the raw baselines' ids start with `raw_`). */
  fromBloom = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (message: ReceiverMessage) => {
      if (!('receipts' in message)) return;
      this.connections = message.connections;
      for (const [id, at, verified] of message.receipts) {
        if (!verified) this.badSignatures++;
        this.copies.set(id, (this.copies.get(id) ?? 0) + 1);
        if (this.firstAt.has(id)) continue;
        this.firstAt.set(id, at);
        if (id.startsWith('msg_')) this.fromBloom++;
      }
    });
  }

  static async start(secrets: Record<string, string>): Promise<Receiver> {
    // fork() runs it with this process's flags (TypeScript through SWC).
    const child = fork(fileURLToPath(new URL('../servers/webhook-receiver.ts', import.meta.url)), {
      env: { ...process.env, RECEIVER_SECRETS: JSON.stringify(secrets) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the webhook receiver exited with code ${code}`)));
      child.on('message', (message: ReceiverMessage) => {
        if ('port' in message) resolve(message.port);
      });
    });
    return new Receiver(child, port);
  }

  /** Waits until every id of `ids` was received, or the drain timeout passed. */
  async drain(ids: string[]): Promise<void> {
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    while (Date.now() < until && !ids.every((id) => this.firstAt.has(id))) await sleep(10);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

interface Phase {
  label: string;
  events: number;
  deliveries: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
  duplicated: number;
  connections: number;
}

export async function webhookDeliveries(context: BenchContext): Promise<ScenarioReport> {
  const { BENCH_TICK_EVENT, BENCH_TICK_TYPE } = await import('./webhook-bench-event.js');
  const secrets = Object.fromEntries(Array.from({ length: ENDPOINTS }, (_, i) => [`/e${i}`, newWebhookSecret()]));
  const receiver = await Receiver.start(secrets);
  let app: INestApplication | undefined;
  try {
    await withClient(context.databaseUrl, (client) =>
      client.query(`INSERT INTO webhook_endpoint (url, event_types, secret, description) SELECT u, ARRAY[$2], s, 'bench' FROM unnest($1::text[], $3::text[]) AS t(u, s)`, [
        Object.keys(secrets).map((path) => `http://127.0.0.1:${receiver.port}${path}`),
        BENCH_TICK_TYPE,
        Object.values(secrets),
      ]),
    );
    const config = loadConfig({
      ...context.bloomEnv,
      NODE_ENV: 'development', // production refuses private targets, and the receiver is on 127.0.0.1
      BLOOM_ROLE: 'worker',
      LOG_LEVEL: 'warn',
      SWAGGER_ENABLED: 'false',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_CONCURRENCY: String(CONCURRENCY),
    });
    app = await createApp({ config, imports: [] });
    await app.init();
    const db = app.get(Db);
    const events = app.get(DurableEvents);
    const commits = new Map<string, number>();
    let sequence = 0;
    const publish = async (): Promise<string> => {
      const id = await db.transaction(() => events.publish(BENCH_TICK_EVENT, { n: ++sequence }));
      commits.set(id, now());
      return id;
    };

    /** Once the phase's messages were all received (or the drain timed out): its figures. */
    const settle = async (label: string, eventIds: string[], connectionsBefore: number): Promise<Phase> => {
      const expected = eventIds.length * ENDPOINTS;
      let messages: Array<{ id: string; eventId: string }> = [];
      for (const until = Date.now() + DRAIN_TIMEOUT_MS; Date.now() < until; await sleep(50)) {
        messages = await db.rows<{ id: string; eventId: string }>(`SELECT id, event_id AS "eventId" FROM webhook_message WHERE event_id = ANY($1::uuid[])`, [eventIds]);
        if (messages.length >= expected) break;
      }
      await receiver.drain(messages.map((m) => webhookId(m.id)));
      const latencies: number[] = [];
      let lost = expected - messages.length;
      let duplicated = 0;
      let last = 0;
      for (const message of messages) {
        const id = webhookId(message.id);
        const at = receiver.firstAt.get(id);
        if (at === undefined) {
          lost++;
          continue;
        }
        duplicated += (receiver.copies.get(id) ?? 1) - 1;
        latencies.push(at - commits.get(message.eventId)!);
        last = Math.max(last, at);
      }
      latencies.sort((a, b) => a - b);
      const first = Math.min(...eventIds.map((id) => commits.get(id)!));
      return {
        label,
        events: eventIds.length,
        deliveries: latencies.length,
        perSecond: latencies.length / ((last - first) / 1000),
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        lost,
        duplicated,
        connections: receiver.connections - connectionsBefore,
      };
    };

    const saturated = async (label: string, seconds: number): Promise<Phase> => {
      const connectionsBefore = receiver.connections;
      const receivedBefore = receiver.fromBloom;
      const ids: string[] = [];
      let publishing = 0;
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: PUBLISHERS }, async () => {
          while (performance.now() < until) {
            // The previous phase drained, so every delivery received since it ended is one of this phase's.
            const outstanding = (ids.length + publishing) * ENDPOINTS - (receiver.fromBloom - receivedBefore);
            if (outstanding + ENDPOINTS > BACKLOG) {
              await sleep(2);
              continue;
            }
            publishing++;
            ids.push(await publish());
            publishing--;
          }
        }),
      );
      return settle(label, ids, connectionsBefore);
    };

    const paced = async (label: string, seconds: number, eventsPerSecond: number): Promise<Phase> => {
      const connectionsBefore = receiver.connections;
      const total = Math.max(1, Math.round(seconds * eventsPerSecond));
      const start = performance.now();
      const ids = await Promise.all(
        Array.from({ length: total }, async (_, i) => {
          await sleep(start + (i * 1000) / eventsPerSecond - performance.now());
          return publish();
        }),
      );
      return settle(label, ids, connectionsBefore);
    };

    /** `count` signed POSTs of `body` from CONCURRENCY loops, no database; answers their rate and latencies. */
    const raw = async (label: string, count: number, sample: string, agent: http.Agent | false): Promise<LoadResult & { lost: number }> => {
      const paths = Object.keys(secrets);
      const ids: string[] = [];
      const latencies: number[] = [];
      let errors = 0;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) {
            const i = next++;
            const path = paths[i % paths.length];
            const id = `raw_${randomUUID().replace(/-/g, '')}`;
            ids.push(id);
            const timestamp = Math.floor(Date.now() / 1000);
            const payload = Buffer.from(sample, 'utf8');
            const headers = {
              'webhook-id': id,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signWebhook([secrets[path]], id, timestamp, sample),
              'content-type': 'application/json',
              'content-length': String(payload.length),
              'user-agent': 'Bloom-Webhooks/1',
            };
            const at = performance.now();
            const status = await new Promise<number>((resolve) => {
              const req = http.request({ host: '127.0.0.1', port: receiver.port, path, method: 'POST', headers, agent }, (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode ?? 0));
              });
              req.on('error', () => resolve(0));
              req.end(payload);
            });
            if (status === 204) latencies.push(performance.now() - at);
            else errors++;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      await receiver.drain(ids);
      latencies.sort((a, b) => a - b);
      return {
        label,
        requestsPerSecond: count / elapsed,
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        requests: count,
        errors,
        non2xx: 0,
        lost: ids.filter((id) => !receiver.firstAt.has(id)).length,
      };
    };

    const phases: Phase[] = [];
    phases.push(await saturated('warm-up', WARM_UP_SECONDS));
    const rounds: Array<{ bloom: Phase; paced: Phase; newConnection: LoadResult; keepAlive: LoadResult }> = [];
    let rawLost = 0;
    for (let round = 0; round < context.rounds; round++) {
      const bloom = await saturated(`Bloom: commit → receipt, saturated (≤ ${BACKLOG} outstanding)`, context.durationSeconds);
      const slow = await paced(`Bloom: commit → receipt, paced at ${Math.round(PACED_SHARE * 100)} %`, context.durationSeconds, (PACED_SHARE * bloom.perSecond) / ENDPOINTS);
      const [{ sample }] = await db.rows<{ sample: string }>('SELECT body AS sample FROM webhook_message ORDER BY created_at DESC LIMIT 1');
      const newConnection = await raw('raw: signed POSTs, new connection each', bloom.deliveries, sample, false);
      const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const keepAlive = await raw('raw: signed POSTs, kept alive', bloom.deliveries, sample, agent);
      agent.destroy();
      rawLost += newConnection.lost + keepAlive.lost;
      phases.push(bloom, slow);
      rounds.push({ bloom, paced: slow, newConnection, keepAlive });
    }

    const [{ attempts, messages, pending }] = await db.rows<{ attempts: number; messages: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_attempt) AS attempts, count(*)::int AS messages, count(*) FILTER (WHERE status <> 'delivered')::int AS pending FROM webhook_message`,
    );
    const lost = phases.reduce((n, p) => n + p.lost, 0);
    const duplicated = phases.reduce((n, p) => n + p.duplicated, 0);
    const asResult = (p: Phase): LoadResult => ({
      label: p.label,
      requestsPerSecond: p.perSecond,
      p50Ms: p.p50Ms,
      p99Ms: p.p99Ms,
      requests: p.deliveries,
      errors: p.lost,
      non2xx: 0,
    });
    const best = <T>(list: T[], value: (item: T) => number) => list.reduce((a, b) => (value(b) > value(a) ? b : a));
    const bestBloom = best(rounds, (r) => r.bloom.perSecond).bloom;
    const bestKeepAlive = best(rounds, (r) => r.keepAlive.requestsPerSecond).keepAlive;
    const bestNew = best(rounds, (r) => r.newConnection.requestsPerSecond).newConnection;
    const ratio = bestBloom.perSecond / bestKeepAlive.requestsPerSecond;
    const paired = rounds.map((r) => r.bloom.perSecond / r.keepAlive.requestsPerSecond);
    const median = [...paired].sort((a, b) => a - b)[Math.floor(paired.length / 2)];
    const pacedP50 = [...rounds.map((r) => r.paced.p50Ms)].sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
    const pacedP99 = [...rounds.map((r) => r.paced.p99Ms)].sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
    const pacedRate = rounds.map((r) => r.paced.perSecond);
    const bloomDeliveries = rounds.reduce((n, r) => n + r.bloom.deliveries, 0);
    const bloomConnections = rounds.reduce((n, r) => n + r.bloom.connections, 0);
    return {
      name: 'webhook-deliveries',
      results: rounds.flatMap((r) => [asResult(r.bloom), asResult(r.paced), r.newConnection, r.keepAlive]),
      summary: [
        `Bloom: ${bestBloom.perSecond.toFixed(0)} webhook deliveries/s to ${ENDPOINTS} endpoints (best of ${rounds.length}, WEBHOOK_CONCURRENCY ${CONCURRENCY}); ` +
          `round by round ${rounds.map((r) => r.bloom.perSecond.toFixed(0)).join(', ')}`,
        `ratio Bloom / raw kept-alive signed POSTs (best of each): ${ratio.toFixed(2)}; round by round ${paired.map((r) => r.toFixed(2)).join(', ')} (median ${median.toFixed(2)}); ` +
          `Bloom / raw POSTs with a new connection each: ${(bestBloom.perSecond / bestNew.requestsPerSecond).toFixed(2)}`,
        `commit → receipt at ${pacedRate.map((r) => r.toFixed(0)).join(', ')} deliveries/s (${Math.round(PACED_SHARE * 100)} % of saturated): p50 ${pacedP50.toFixed(1)} ms, p99 ${pacedP99.toFixed(1)} ms (median of rounds)`,
        `receiver connections per Bloom delivery (saturated): ${(bloomConnections / Math.max(1, bloomDeliveries)).toFixed(3)}`,
        `lost ${lost}, duplicated ${duplicated} (by webhook-id), bad signatures ${receiver.badSignatures}, raw POSTs lost ${rawLost}; ` +
          `${messages} messages, ${attempts} attempts, ${pending} not delivered`,
        'no target in DESIGN §7: passes when nothing is lost, duplicated or badly signed',
      ],
      passed: lost === 0 && duplicated === 0 && receiver.badSignatures === 0 && rawLost === 0 && pending === 0 && attempts === messages,
      figures: {
        deliveriesPerSecond: bestBloom.perSecond,
        ratio,
        medianRoundRatio: median,
        rawKeepAlivePerSecond: bestKeepAlive.requestsPerSecond,
        rawNewConnectionPerSecond: bestNew.requestsPerSecond,
        pacedP50Ms: pacedP50,
        pacedP99Ms: pacedP99,
        saturatedP50Ms: bestBloom.p50Ms,
        saturatedP99Ms: bestBloom.p99Ms,
        connectionsPerDelivery: bloomConnections / Math.max(1, bloomDeliveries),
        lost,
        duplicated,
        badSignatures: receiver.badSignatures,
        attempts,
        messages,
      },
    };
  } finally {
    await app?.close();
    await receiver.stop();
  }
}
