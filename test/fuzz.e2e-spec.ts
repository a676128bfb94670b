/**
 * Fuzzes every operation of the OpenAPI document (as the app serves it) with generated bad and
 * hostile inputs, as every kind of caller. See test/fuzz/. Knobs:
 *   FUZZ_RUNS=20000   cases in total (default 2500), spread evenly over the operations
 *   FUZZ_SEED=123     replay a run (each run prints its seed)
 *   FUZZ_OPS=Customers_   only operations whose operationId or path matches this regular expression
 *   FUZZ_REPORT=/tmp/fuzz.jsonl   also write every finding there, one JSON line each
 *   FUZZ_VERBOSE=1    print how often each operation answered each status
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { caseArbitrary } from './fuzz/cases.js';
import { operationsOf, type OpenApiDocument, type Operation } from './fuzz/document.js';
import { closeClient } from './fuzz/http.js';
import { knownBody } from './fuzz/known-bodies.js';
import { KNOWN_FINDINGS } from './fuzz/known-findings.js';
import { Oracle } from './fuzz/oracle.js';
import { Runner, type Finding } from './fuzz/runner.js';
import { ValueGenerator } from './fuzz/values.js';
import { seedFor, World } from './fuzz/world.js';
import { startTestApp, type TestApp } from './support/app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : undefined;

/** Operations the suite leaves out, and why. */
const SKIPPED: Record<string, string> = {
  // Ends the queue dashboard session of whoever calls; no input to fuzz and nothing documented to break.
};

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

function describeFinding(finding: Finding, logs: Array<Record<string, unknown>>): string {
  const { request, response } = finding;
  const body = request.body ? clip(request.body.toString('utf8')) : '(none)';
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, /authorization|x-api-key/.test(name) ? `<${finding.caller}>` : clip(value, 80)]));
  return [
    `  ${finding.kind}: ${finding.detail}`,
    `    operation: ${finding.operation.id} (${finding.operation.method} ${finding.operation.path}), caller ${finding.caller}`,
    `    request:   ${request.method} ${clip(request.url, 300)}`,
    `    headers:   ${JSON.stringify(headers)}`,
    `    body:      ${body}`,
    `    response:  ${response.status} ${response.headers['content-type'] ?? ''} ${clip(response.text, 400)}`,
    ...logs.filter((line) => response.headers['x-request-id'] && JSON.stringify(line).includes(String(response.headers['x-request-id']))).map((line) => `    log:       ${clip(JSON.stringify(line), 1500)}`),
  ].join('\n');
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  let runner: Runner;
  let world: World;

  beforeAll(async () => {
    // Error lines only: a 5xx finding shows the server's own account of it.
    t = await startTestApp({ captureLogs: true, env: { LOG_LEVEL: 'error' } });
    await t.app.listen(0, '127.0.0.1');
    document = (await t.http.get('/docs/openapi.json').expect(200)).body;
    operations = operationsOf(document).filter((op) => !SKIPPED[op.id] && (!ONLY || ONLY.test(op.id) || ONLY.test(op.path)));
    world = new World(t);
    await world.seed();
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    runner = new Runner(world, new Oracle(document), port);
    await runner.start();
  });
  afterAll(async () => {
    closeClient();
    await t?.close();
  });

  it('answers every case with a documented, well-formed response and writes nothing when it refuses', async () => {
    console.log(`fuzz: seed ${SEED}, ${RUNS} cases (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`);
    const values = new ValueGenerator(document);
    const perOperation = Math.max(1, Math.ceil(RUNS / operations.length));
    const started = Date.now();
    const slowest = new Map<string, number>();
    for (const operation of operations) {
      const cases = fc.sample(caseArbitrary(operation, values, knownBody(operation.id, world.login)), { seed: seedFor(SEED, operation.id), numRuns: perOperation });
      const opStarted = Date.now();
      for (const fuzzCase of cases) await runner.run(operation, fuzzCase);
      await runner.checkRefusedWroteNothing();
      slowest.set(operation.id, Date.now() - opStarted);
    }

    const known = new Map(KNOWN_FINDINGS.map((entry) => [entry, 0]));
    const unknown: Finding[] = [];
    for (const finding of runner.findings) {
      const entry = KNOWN_FINDINGS.find((candidate) => candidate.matches(finding));
      if (entry) known.set(entry, known.get(entry)! + 1);
      else unknown.push(finding);
    }
    const successes = [...runner.statuses].filter(([key]) => / 2\d\d$/.test(key)).reduce((sum, [, n]) => sum + n, 0);
    const summary = [
      `fuzz: ${runner.requests} requests over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (slowest: ${[...slowest].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id, ms]) => `${id} ${ms} ms`).join(', ')}), ${successes} succeeded; seed ${SEED} (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`,
      ...[...known].map(([entry, n]) => `  known (defect ${entry.defect}): ${n} × ${entry.cause}${n === 0 && !ONLY ? ' — not seen in this run' : ''}`),
    ];
    // One example per distinct finding (kind, operation, status), so a failure reads as a list of causes.
    const distinct = new Map<string, { finding: Finding; count: number }>();
    for (const finding of unknown) {
      const key = `${finding.kind} ${finding.operation.id} ${finding.response.status}`;
      const seen = distinct.get(key);
      if (seen) seen.count++;
      else distinct.set(key, { finding, count: 1 });
    }
    const report = [...distinct.values()].map(({ finding, count }) => `${count} ×\n${describeFinding(finding, t.logs)}`);
    if (process.env.FUZZ_VERBOSE) {
      summary.push(...[...runner.statuses].sort().map(([key, n]) => `  ${key}: ${n}`));
      summary.push(...[...runner.cleanRefusals].flatMap(([id, texts]) => texts.map((text) => `  clean case refused, ${id}: ${text}`)));
    }
    console.log(summary.join('\n'));
    if (process.env.FUZZ_REPORT) {
      const line = (f: Finding) => ({ kind: f.kind, detail: clip(f.detail, 300), operation: f.operation.id, caller: f.caller, method: f.request.method, url: clip(f.request.url, 200),
        headers: Object.fromEntries(Object.entries(f.request.headers).filter(([name]) => !/authorization|x-api-key/.test(name)).map(([n, v]) => [n, clip(v, 80)])),
        body: f.request.body && clip(f.request.body.toString('utf8'), 300), status: f.response.status, contentType: f.response.headers['content-type'], response: clip(f.response.text, 300),
        known: KNOWN_FINDINGS.find((entry) => entry.matches(f))?.cause });
      writeFileSync(process.env.FUZZ_REPORT, runner.findings.map((f) => JSON.stringify(line(f))).join('\n'));
    }
    if (report.length) throw new Error(`${unknown.length} unknown findings (seed ${SEED}), one example per kind, operation and status:\n${report.join('\n')}`);
    // The suite must exercise success paths too, or its schema checks prove nothing.
    if (!ONLY) expect(successes).toBeGreaterThan(runner.requests / 20);
  }, 15 * 60_000);

  it('notices a write made while a refused request was being answered (the write check is not vacuous)', async () => {
    const probe = new Runner(world, new Oracle(document), runner.port);
    await probe.start({ install: false });
    const operation = operationsOf(document).find((op) => op.id === 'Stores_list')!;
    probe.send = async (port, request) => {
      await t.sql("INSERT INTO audit_event (actor_type, action, entity_type, entity_id) VALUES ('system', 'fuzz.self_test', 'store', 'x')");
      return runner.send(port, request);
    };
    await probe.run(operation, { clean: false, caller: 'none', path: {}, query: [] });
    await probe.checkRefusedWroteNothing();
    expect(probe.findings.map((f) => [f.kind, f.response.status, f.detail.split(':')[0]])).toEqual([['refused-wrote', 401, 'audit_event INSERT ×1']]);
  });
});
