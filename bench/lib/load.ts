import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** In-process work (drive): CPU time per operation of the whole machine (this process, PostgreSQL, Redis …) and of this process alone. */
  cpu?: { machineMsPerOp: number; processMsPerOp: number; machineBusyPercent: number };
}

/** The machine's CPU time so far (Linux /proc/stat), busy and total, in clock ticks; null elsewhere. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return null;
  }
}
const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface LoadOptions {
  label: string;
  url: string;
  headers?: Record<string, string>;
  connections?: number;
  durationSeconds?: number;
}

/** Drives one URL with autocannon (HTTP/1.1 keep-alive, `connections` concurrent clients). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 10,
    pipelining: 1,
  });
  return {
    label: options.label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function formatResults(results: LoadResult[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'non-2xx'];
  const rows = results.map((r) => [r.label, r.requestsPerSecond.toFixed(0), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1), String(r.requests), String(r.errors), String(r.non2xx)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * `clients` loops running `work` back to back for `seconds`, in this process (no HTTP): the rate and
 * latencies of in-process work such as a transaction. `work` gets the client and its iteration.
 */
export async function drive(label: string, seconds: number, clients: number, work: (client: number, iteration: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const machineBefore = machineTicks();
  const processBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let iteration = 0; performance.now() < until; iteration++) {
        const at = performance.now();
        try {
          await work(client, iteration);
          latencies.push(performance.now() - at);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const machineAfter = machineTicks();
  const processUsage = process.cpuUsage(processBefore);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const ops = Math.max(1, latencies.length);
  const cpu =
    machineBefore && machineAfter
      ? {
          machineMsPerOp: ((machineAfter.busy - machineBefore.busy) * TICK_MS) / ops,
          processMsPerOp: (processUsage.user + processUsage.system) / 1000 / ops,
          machineBusyPercent: ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100 * cpus().length,
        }
      : undefined;
  return { label, requestsPerSecond: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99), requests: latencies.length, errors, non2xx: 0, cpu };
}
