/** What the fuzz suite prints: a summary of the run, and one example of each finding it does not know. */
import { writeFileSync } from 'node:fs';
import { KNOWN_FINDINGS } from './known-findings.js';
import type { Finding, Runner } from './runner.js';

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
const headersOf = (finding: Finding, max: number) =>
  Object.fromEntries(Object.entries(finding.request.headers).map(([name, value]) => [name, /authorization|x-api-key/.test(name) ? `<${finding.caller}>` : clip(value, max)]));

export const knownCause = (finding: Finding) => KNOWN_FINDINGS.find((entry) => entry.matches(finding));

/** A finding as a reader replays it: operation, caller, request, response, and the server's log lines for it. */
function describe(finding: Finding, logs: Array<Record<string, unknown>>): string {
  const { request, response } = finding;
  const requestId = response.headers['x-request-id'];
  return [
    `  ${finding.kind}: ${finding.detail}`,
    `    operation: ${finding.operation.id} (${finding.operation.method} ${finding.operation.path}), caller ${finding.caller}`,
    `    request:   ${request.method} ${clip(request.url, 300)}`,
    `    headers:   ${JSON.stringify(headersOf(finding, 80))}`,
    `    body:      ${request.body ? clip(request.body.toString('utf8')) : '(none)'}`,
    `    response:  ${response.status} ${response.headers['content-type'] ?? ''} ${clip(response.text, 400)}`,
    ...logs.filter((line) => requestId && JSON.stringify(line).includes(String(requestId))).map((line) => `    log:       ${clip(JSON.stringify(line), 1500)}`),
  ].join('\n');
}

/** The run in a few lines: requests, successes, how often each known finding showed up. */
export function summary(
  runner: Runner,
  options: { seconds: number; operations: number; replay: string; filtered: boolean; verbose: boolean },
): { lines: string[]; successes: number } {
  const successes = [...runner.statuses].filter(([key]) => / 2\d\d$/.test(key)).reduce((sum, [, n]) => sum + n, 0);
  const counts = new Map(KNOWN_FINDINGS.map((entry) => [entry, 0]));
  for (const finding of runner.findings) {
    const entry = knownCause(finding);
    if (entry) counts.set(entry, counts.get(entry)! + 1);
  }
  const lines = [
    `fuzz: ${runner.requests} requests over ${options.operations} operations in ${options.seconds.toFixed(1)} s, ${successes} succeeded (replay: ${options.replay})`,
    ...[...counts].map(([entry, n]) => `  known (defect ${entry.defect}): ${n} × ${entry.cause}${n === 0 && !options.filtered ? ' — not seen in this run' : ''}`),
  ];
  if (options.verbose) {
    lines.push(...[...runner.statuses].sort().map(([key, n]) => `  ${key}: ${n}`));
    lines.push(...[...runner.cleanRefusals].flatMap(([id, texts]) => texts.map((text) => `  clean case refused, ${id}: ${text}`)));
  }
  return { lines, successes };
}

/** One example per unknown finding (kind, operation, status), so a failure reads as a list of causes. */
export function unknownFindings(runner: Runner, logs: Array<Record<string, unknown>>): { count: number; examples: string[] } {
  const distinct = new Map<string, { finding: Finding; count: number }>();
  let count = 0;
  for (const finding of runner.findings) {
    if (knownCause(finding)) continue;
    count++;
    const key = `${finding.kind} ${finding.operation.id} ${finding.response.status}`;
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { finding, count: 1 });
  }
  return { count, examples: [...distinct.values()].map(({ finding, count: n }) => `${n} ×\n${describe(finding, logs)}`) };
}

/** Every finding, one JSON line each, known ones with their cause (FUZZ_REPORT). */
export function writeFindings(path: string, runner: Runner): void {
  const line = (f: Finding) => ({
    kind: f.kind,
    detail: clip(f.detail, 300),
    operation: f.operation.id,
    caller: f.caller,
    method: f.request.method,
    url: clip(f.request.url, 200),
    headers: headersOf(f, 80),
    body: f.request.body && clip(f.request.body.toString('utf8'), 300),
    status: f.response.status,
    contentType: f.response.headers['content-type'],
    response: clip(f.response.text, 300),
    known: knownCause(f)?.cause,
  });
  writeFileSync(path, runner.findings.map((f) => JSON.stringify(line(f))).join('\n'));
}
