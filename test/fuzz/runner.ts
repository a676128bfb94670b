/**
 * Turns fuzz cases into requests, sends them one at a time and checks each response (oracle and
 * expectations); after each batch, that no row was written while a refused request was answered.
 */
import type { FuzzCase, PathValue, QueryValue } from './cases.js';
import type { Operation } from './document.js';
import { expectations } from './expectations.js';
import { percentEncode, send, type RawRequest, type RawResponse } from './http.js';
import type { Oracle, Violation } from './oracle.js';
import { IdRef, KIND_OF_SEGMENT, type IdKind } from './values.js';
import { netWrites, type World } from './world.js';

/** The wall clock in fractions of a millisecond: the log's timestamps have microseconds, and one request can end and the next start within a millisecond. */
const now = () => performance.timeOrigin + performance.now();

export interface Finding extends Violation {
  operation: Operation;
  caller: string;
  request: RawRequest;
  response: Pick<RawResponse, 'status' | 'headers' | 'text'>;
}

export class Runner {
  readonly findings: Finding[] = [];
  readonly statuses = new Map<string, number>();
  /** Why clean (valid-ish) cases were refused, a few per operation: for tuning the generators. */
  readonly cleanRefusals = new Map<string, string[]>();
  requests = 0;
  /** How requests go out (the suite's self-test wraps it). */
  send = send;
  /** The last write already judged. */
  private mark = 0;
  /** Refused requests not yet judged, with when they were on the wire (ms since the epoch). */
  private refused: Array<{ operation: Operation; caller: string; request: RawRequest; response: RawResponse; from: number; to: number; previous: string }> = [];
  private previous = '';

  constructor(
    private readonly world: World,
    private readonly oracle: Oracle,
    readonly port: number,
  ) {}

  private resolveId(ref: IdRef, parent?: string): string {
    if (ref.literal !== undefined) return ref.literal;
    const kinds = [...this.world.ids.keys()];
    const kind: IdKind = ref.kind === 'any' ? kinds[Math.floor(ref.pick * kinds.length)] : ref.kind;
    return this.world.pick(kind, ref.pick, parent) ?? '5f1b2c3d-0000-4000-8000-000000000000';
  }

  /** Replaces IdRefs in a JSON value with real (or deliberately wrong) ids; deep hostile values hold none. */
  private resolveJson(value: unknown, depth = 0): unknown {
    if (value instanceof IdRef) return this.resolveId(value);
    if (!value || typeof value !== 'object' || depth > 20) return value;
    if (Array.isArray(value)) return value.map((item) => this.resolveJson(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      Object.defineProperty(out, key, { value: this.resolveJson(item, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }

  private buildPath(operation: Operation, values: Record<string, PathValue>): { url: string; ids: Record<string, string> } {
    const ids: Record<string, string> = {};
    let parent: string | undefined;
    const url = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = values[name];
      if ('encoded' in value) return value.encoded;
      const id = this.resolveId(value.ref, parent);
      parent = ids[name] = id;
      return percentEncode(value.upper ? id.toUpperCase() : id);
    });
    return { url, ids };
  }

  private buildQuery(query: Array<[string, QueryValue]>): string {
    const parts = query.map(([name, value]) => {
      const text = value instanceof IdRef ? percentEncode(this.resolveId(value)) : typeof value === 'string' ? percentEncode(value) : value.encoded;
      return `${percentEncode(name)}=${text}`;
    });
    return parts.length ? `?${parts.join('&')}` : '';
  }

  /** The ETag the If-Match form needs, read as the owner would read it. */
  private async etag(url: string): Promise<string | undefined> {
    const res = await send(this.port, { method: 'GET', url, headers: this.world.callers.get('owner')! });
    const etag = res.headers.etag;
    return typeof etag === 'string' ? etag : undefined;
  }

  async build(operation: Operation, fuzzCase: FuzzCase): Promise<{ request: RawRequest; ids: Record<string, string>; current: boolean }> {
    /** Whether If-Match carries the version just read (in one form or another). */
    let current = false;
    const { url: path, ids } = this.buildPath(operation, fuzzCase.path);
    const headers: Record<string, string> = { ...this.world.callers.get(fuzzCase.caller) };
    const form = fuzzCase.ifMatch;
    if (form) {
      if (typeof form === 'object') headers['if-match'] = form.literal;
      else {
        const read = await this.etag(path);
        current = read !== undefined;
        const etag = read ?? '"1"';
        const version = etag.replace(/^W\//, '').replace(/"/g, '');
        headers['if-match'] = { current: etag, 'current-unquoted': version, 'current-weak': `W/"${version}"`, stale: `"${Number(version) - 1}"` }[form];
      }
    }
    if (fuzzCase.idempotencyKey !== undefined) headers['idempotency-key'] = fuzzCase.idempotencyKey;
    let body: Buffer | undefined;
    const ownType = operation.body?.mediaTypes[0] ?? 'application/json';
    if (fuzzCase.body) {
      if ('json' in fuzzCase.body) body = Buffer.from(JSON.stringify(this.resolveJson(fuzzCase.body.json)) ?? 'null');
      else if ('raw' in fuzzCase.body) body = Buffer.from(fuzzCase.body.raw);
      else body = Buffer.from(fuzzCase.body.bytes);
      const contentType = fuzzCase.contentType === undefined ? ownType : fuzzCase.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
    }
    Object.assign(headers, fuzzCase.extraHeaders);
    return { request: { method: operation.method, url: path + this.buildQuery(fuzzCase.query), headers, body }, ids, current };
  }

  async run(operation: Operation, fuzzCase: FuzzCase): Promise<void> {
    const { request, ids, current } = await this.build(operation, fuzzCase);
    let response: RawResponse;
    const sent = now();
    try {
      response = await this.send(this.port, request);
    } catch (error) {
      // The server closed the connection without answering: the client sees no status at all.
      response = { status: 0, headers: {}, text: '' };
      this.findings.push({ kind: 'no-response', detail: String(error), operation, caller: fuzzCase.caller, request, response });
    }
    this.requests++;
    const previous = this.previous;
    this.previous = `${fuzzCase.caller} ${request.method} ${request.url.slice(0, 100)} → ${response.status}`;
    const key = `${operation.method} ${operation.path} ${response.status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    const violations = response.status ? [...this.oracle.check(operation, response), ...expectations(operation, fuzzCase, request, response, current)] : [];
    for (const violation of violations) this.findings.push({ ...violation, operation, caller: fuzzCase.caller, request, response });

    if (fuzzCase.clean && response.status === 400) {
      const seen = this.cleanRefusals.get(operation.id) ?? [];
      if (seen.length < 3) this.cleanRefusals.set(operation.id, [...seen, response.text.slice(0, 300)]);
    }
    if (response.status >= 200 && response.status < 300) {
      if (operation.method === 'POST' && (response.status === 201 || response.status === 202)) {
        const segments = operation.path.split('/').filter((s) => !s.startsWith('{'));
        this.world.learn(KIND_OF_SEGMENT[segments.at(-1) ?? ''], response.json, ids.id);
      }
      // An import goes on writing after its 202, and the subscribers of a write's durable events after
      // its answer: let them finish so their rows are not blamed on later requests.
      if (response.status === 202 || operation.method !== 'GET') await this.world.settle();
      // (A blank key is no key: HTTP trims header values, and the API treats an empty one as absent.)
      if (request.headers['idempotency-key']?.trim() && operation.headers.some((h) => h.name.toLowerCase() === 'idempotency-key')) {
        await this.replay(operation, fuzzCase.caller, request, response);
      }
    } else {
      this.refused.push({ operation, caller: fuzzCase.caller, request, response, from: sent, to: now(), previous });
    }
  }

  /** The same request with the same Idempotency-Key replays the first answer (DESIGN §4), and creates nothing more. */
  private async replay(operation: Operation, caller: string, request: RawRequest, first: RawResponse): Promise<void> {
    const before = await this.world.lastWrite();
    const again = await this.send(this.port, request);
    this.requests++;
    const wrote = (await this.world.lastWrite()) > before;
    if (again.status !== first.status || again.text !== first.text || wrote) {
      const detail = `replayed Idempotency-Key answered ${again.status}${again.text === first.text ? '' : ' with another body'}${wrote ? ' and wrote rows' : ''}`;
      this.findings.push({ kind: 'idempotency', detail, operation, caller, request, response: again });
    }
  }

  /**
   * Reads the write log once for a batch of requests: a write that happened while a refused request
   * was being answered (requests go one at a time) was made by it.
   */
  async checkRefusedWroteNothing(): Promise<void> {
    // PostgreSQL's clock seen from here: corrects this process's clock if it drifted (by more than the
    // query's round trip, the error of the estimate) since it started.
    const asked = now();
    const { writes, at } = await this.world.writesSince(this.mark);
    const answered = now();
    const drift = at - (asked + answered) / 2;
    const offset = Math.abs(drift) > answered - asked ? drift : 0;
    this.mark = writes.at(-1)?.id ?? this.mark;
    for (const refused of this.refused) {
      const during = netWrites(writes.filter((write) => write.at >= refused.from + offset && write.at <= refused.to + offset));
      if (!during.length) continue;
      const counts = new Map<string, number>();
      for (const write of during) counts.set(`${write.table} ${write.operation}`, (counts.get(`${write.table} ${write.operation}`) ?? 0) + 1);
      const detail = `${[...counts].map(([what, n]) => `${what} ×${n}`).join(', ')}: ${during.map((write) => write.text).join(' | ')} (previous request: ${refused.previous})`;
      this.findings.push({ kind: 'refused-wrote', detail, operation: refused.operation, caller: refused.caller, request: refused.request, response: refused.response });
    }
    this.refused = [];
  }

  /** Installs the write log (once per database), and judges only writes from now on. */
  async start({ install = true } = {}): Promise<void> {
    if (install) await this.world.installWriteLog();
    this.mark = await this.world.lastWrite();
  }
}
