/**
 * Fuzzes every operation of the OpenAPI document (as the app serves it) with generated bad and
 * hostile inputs, as every kind of caller. See test/fuzz/. Knobs:
 *   FUZZ_RUNS=20000   cases in total (default 2500), spread evenly over the operations
 *   FUZZ_SEED=123     replay a run (each run prints its seed)
 *   FUZZ_OPS=Customers_   only operations whose operationId or path matches this regular expression
 *   FUZZ_REPORT=/tmp/fuzz.jsonl   also write every finding there, one JSON line each
 *   FUZZ_VERBOSE=1    print how often each operation answered each status
 */
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { caseArbitrary } from './fuzz/cases.js';
import { operationsOf, type OpenApiDocument, type Operation } from './fuzz/document.js';
import { closeClient } from './fuzz/http.js';
import { knownBody } from './fuzz/known-bodies.js';
import { Oracle } from './fuzz/oracle.js';
import { summary, unknownFindings, writeFindings } from './fuzz/report.js';
import { Runner } from './fuzz/runner.js';
import { ValueGenerator } from './fuzz/values.js';
import { seedFor, World } from './fuzz/world.js';
import { startTestApp, type TestApp } from './support/app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : undefined;
const REPLAY = `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}${process.env.FUZZ_OPS ? ` FUZZ_OPS='${process.env.FUZZ_OPS}'` : ''}`;

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
    operations = operationsOf(document).filter((op) => !ONLY || ONLY.test(op.id) || ONLY.test(op.path));
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

  it(
    'answers every case with a documented, well-formed response and writes nothing when it refuses',
    async () => {
      console.log(`fuzz: ${RUNS} cases, replay with ${REPLAY}`);
      const values = new ValueGenerator(document);
      const perOperation = Math.max(1, Math.ceil(RUNS / operations.length));
      const started = Date.now();
      for (const operation of operations) {
        // A seed per operation: narrowed with FUZZ_OPS, an operation still gets the cases it got in the whole run (and more).
        const cases = fc.sample(caseArbitrary(operation, values, knownBody(operation.id, world.login)), { seed: seedFor(SEED, operation.id), numRuns: perOperation });
        for (const fuzzCase of cases) await runner.run(operation, fuzzCase);
        await runner.checkRefusedWroteNothing();
      }

      const { lines, successes } = summary(runner, {
        seconds: (Date.now() - started) / 1000,
        operations: operations.length,
        replay: REPLAY,
        filtered: Boolean(ONLY),
        verbose: Boolean(process.env.FUZZ_VERBOSE),
      });
      console.log(lines.join('\n'));
      if (process.env.FUZZ_REPORT) writeFindings(process.env.FUZZ_REPORT, runner);
      const unknown = unknownFindings(runner, t.logs);
      if (unknown.count) throw new Error(`${unknown.count} unknown findings (replay with ${REPLAY}), one example per kind, operation and status:\n${unknown.examples.join('\n')}`);
      // The suite must exercise success paths too, or its schema checks prove nothing.
      if (!ONLY) expect(successes).toBeGreaterThan(runner.requests / 20);
    },
    15 * 60_000,
  );

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
