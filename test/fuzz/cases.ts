/**
 * One fuzz case per request: who calls, and what path, query, headers and body they send. A case is
 * "clean" when everything is valid-ish (it may succeed); otherwise one or more parts are hostile.
 */
import fc from 'fast-check';
import type { Operation } from './document.js';
import { hostileId, hostileNumber, hostileString, hostileValue, idOf, IdRef, KIND_OF_SEGMENT, type ValueGenerator } from './values.js';

export const CALLERS = ['owner', 'managerA', 'managerB', 'beautician', 'receptionist', 'keyFew', 'keyAll', 'none', 'badToken', 'badKey', 'app', 'customer'] as const;
export type CallerName = (typeof CALLERS)[number];

/** A path parameter: an id (maybe upper-cased) or a segment sent exactly as written (already percent-encoded). */
export type PathValue = { ref: IdRef; upper?: boolean } | { encoded: string };
/** A query parameter's value: text to percent-encode, or text sent as written. */
export type QueryValue = string | IdRef | { encoded: string };

export type IfMatchForm = 'current' | 'current-unquoted' | 'current-weak' | 'stale' | { literal: string };

export interface FuzzCase {
  clean: boolean;
  caller: CallerName;
  path: Record<string, PathValue>;
  query: Array<[string, QueryValue]>;
  ifMatch?: IfMatchForm;
  idempotencyKey?: string;
  /** undefined: the operation's own media type; null: no content-type header. */
  contentType?: string | null;
  extraHeaders?: Record<string, string>;
  /** A JSON value to serialise, or a raw body (text or bytes). */
  body?: { json: unknown } | { raw: string } | { bytes: readonly number[] };
}

const weighted = <T>(...pairs: Array<[number, fc.Arbitrary<T>]>) => fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const hostilePathSegment: fc.Arbitrary<PathValue> = weighted<PathValue>(
  [4, hostileId.map((ref) => ({ ref }))],
  [1, fc.constantFrom(101, 1000, 5000).map((n) => ({ encoded: 'a'.repeat(n) }))],
  [
    3,
    fc
      .constantFrom('%00', '%zz', '%', '%E2%82', '%C0%AF', '%FF%FE', '%2F', '..', '.', '%2e%2e', '%20', '+', '%u0000', 'a%0Ab', '%F0%9F%92%A9', '%ED%A0%80')
      .map((encoded) => ({ encoded })),
  ],
  [1, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((text) => ({ encoded: encodeURIComponent(text) }))],
);

const hostileQueryValue: fc.Arbitrary<QueryValue> = weighted<QueryValue>(
  [3, hostileString.filter((s) => s.length < 20_000)],
  [2, fc.constantFrom('%00', '%zz', '%', '%E2%82', '%ED%A0%80', 'a%00b', '%0D%0A').map((encoded) => ({ encoded }))],
  [1, fc.constantFrom(-1, 0, 1e-7, 1.5, 1e21, 101, 1001, 2 ** 53).map(String)],
  [1, fc.constantFrom(9_000, 70_000).map((n) => 'q'.repeat(n))],
  [1, hostileId],
);

const IF_MATCH: fc.Arbitrary<IfMatchForm | undefined> = weighted<IfMatchForm | undefined>(
  [3, fc.constant('current' as const)],
  [1, fc.constantFrom('current-unquoted' as const, 'current-weak' as const, 'stale' as const)],
  [1, fc.constant(undefined)],
  [1, fc.constantFrom('*', '', '"', '""', 'W/', '"1", "2"', 'abc', '"-1"', '"99999999999999999999"', '1.5', ' "1" ').map((literal) => ({ literal }))],
);

const HOSTILE_CONTENT_TYPES = [
  null,
  'text/plain',
  'application/octet-stream',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'text/csv',
  'application/xml',
  'json',
];

const hostileRawBody = weighted<FuzzCase['body']>(
  [3, fc.constantFrom('', 'null', '[]', '"x"', '123', '{', '{"a":', '{"a":1,}', 'hello', "{'a':1}", '\ufeff{}', '{"a":1}{"b":2}', '{"a":1,"a":2}').map((raw) => ({ raw }))],
  [
    2,
    fc
      .tuple(fc.constantFrom(1_000, 5_000, 50_000), fc.constantFrom('[', '{"a":'))
      .map(([depth, open]) => ({ raw: open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth) })),
  ],
  [1, fc.constantFrom([0xff, 0xfe, 0x7b, 0x7d], [0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d], [0x22, 0xed, 0xa0, 0x80, 0x22]).map((bytes) => ({ bytes }))],
  [1, fc.constant({ raw: `{"a":"${'x'.repeat(1_100_000)}"}` })],
);

/** Replaces, removes or adds one field somewhere in a JSON value. */
type Mutation = { at: number; action: 'replace' | 'remove' | 'add'; value: unknown; key: string; typed: boolean; text: string; number: unknown };

function applyMutation(value: unknown, mutation: Mutation): unknown {
  // Copies (and offers as targets) the first levels only: hostile values may be thousands deep.
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const copy = (node: unknown, depth: number): unknown => {
    if (!node || typeof node !== 'object' || node instanceof IdRef || depth > 20) return node;
    const clone: Record<string, unknown> | unknown[] = Array.isArray(node) ? [] : {};
    for (const [key, child] of Object.entries(node)) Object.defineProperty(clone, key, { value: copy(child, depth + 1), enumerable: true, writable: true, configurable: true });
    containers.push(clone);
    return clone;
  };
  const root = copy(value, 0);
  if (containers.length === 0) return mutation.value;
  const target = containers[Math.floor(mutation.at * containers.length)];
  const keys = Object.keys(target);
  if (mutation.action === 'add' || keys.length === 0) {
    if (Array.isArray(target)) target.push(mutation.value);
    else Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, writable: true, configurable: true });
    return root;
  }
  const key = keys[Math.floor(mutation.at * 7919) % keys.length];
  if (mutation.action === 'remove') {
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete target[key];
  } else {
    // Mostly a hostile value of the same type, so it gets past type checks to the rules (and the database) behind them.
    const current = (target as Record<string, unknown>)[key];
    const value = !mutation.typed ? mutation.value : typeof current === 'string' ? mutation.text : typeof current === 'number' ? mutation.number : mutation.value;
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  action: fc.constantFrom('replace' as const, 'replace' as const, 'remove' as const, 'add' as const),
  value: hostileValue,
  key: fc.constantFrom('colour', '__proto__', 'constructor', 'id', 'version', 'createdAt', 'status', '', ' name', 'x'.repeat(300)),
  typed: weighted([2, fc.constant(true)], [1, fc.constant(false)]),
  text: hostileString,
  number: hostileNumber,
});

/** A CSV import a salon would send: English headers, a few rows. */
const validCsv = fc
  .array(fc.tuple(fc.stringMatching(/^[A-Za-z]{2,10}$/), fc.integer({ min: 0, max: 99_999_999 })), { minLength: 1, maxLength: 3 })
  .map((rows) => `name,phone\n${rows.map(([name, n]) => `${name},+86137${String(n).padStart(8, '0')}`).join('\n')}\n`);

export function caseArbitrary(operation: Operation, values: ValueGenerator, known?: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzCase> {
  const segments = operation.path.split('/');
  const kindOfParam = (name: string) => KIND_OF_SEGMENT[segments[segments.indexOf(`{${name}}`) - 1]] ?? 'any';
  const validPath = fc.record(Object.fromEntries(operation.pathParams.map((p) => [p.name, idOf(kindOfParam(p.name)).map((ref): PathValue => ({ ref }))])));
  const hostilePath = fc.record(
    Object.fromEntries(
      operation.pathParams.map((p) => [
        p.name,
        weighted<PathValue>([2, idOf(kindOfParam(p.name)).map((ref) => ({ ref }))], [1, idOf(kindOfParam(p.name)).map((ref) => ({ ref, upper: true }))], [3, hostilePathSegment]),
      ]),
    ),
  );

  const queryParam = (p: Operation['query'][number], hostile: boolean) => {
    const valid = values
      .valid(p.schema, p.name)
      .map((value) => (Array.isArray(value) ? value : [value]).map((v): [string, QueryValue] => [p.name, v instanceof IdRef ? v : String(v)]));
    return hostile ? weighted([1, valid], [2, fc.array(hostileQueryValue, { minLength: 1, maxLength: 2 }).map((vs) => vs.map((v): [string, QueryValue] => [p.name, v]))]) : valid;
  };
  const queryOf = (hostile: boolean) =>
    fc
      .tuple(
        // A valid cursor is one a list gave out: clean cases leave it out.
        ...operation.query
          .filter((p) => hostile || p.name !== 'cursor')
          .map((p) => (p.required ? queryParam(p, hostile) : fc.option(queryParam(p, hostile), { freq: 2, nil: [] as Array<[string, QueryValue]> }))),
        hostile
          ? fc.option(fc.constantFrom<[string, QueryValue]>(['colour', 'pink'], [`__proto__[x]`, '1'], ['limit[]', '1'], ['', ''], ['a'.repeat(300), '1']), { nil: undefined })
          : fc.constant(undefined),
      )
      .map((parts) => parts.flatMap((part) => (part === undefined ? [] : typeof part[0] === 'string' ? [part as [string, QueryValue]] : (part as Array<[string, QueryValue]>))));

  const takesIfMatch = operation.headers.some((h) => h.name.toLowerCase() === 'if-match');
  const takesKey = operation.headers.some((h) => h.name.toLowerCase() === 'idempotency-key');
  const idempotencyKey = takesKey ? fc.option(fc.uuid(), { nil: undefined }) : fc.constant(undefined);
  const hostileKey = fc.option(fc.oneof(fc.constantFrom('', ' ', 'a'.repeat(300), 'clé', 'x\tz'), fc.uuid()), { nil: undefined });

  const isCsv = operation.body?.mediaTypes.includes('text/csv');
  const validBody: fc.Arbitrary<FuzzCase['body']> = !operation.body
    ? fc.constant(undefined)
    : isCsv
      ? validCsv.map((raw) => ({ raw }))
      : (known ? fc.oneof(known, known, values.valid(operation.body.schema ?? {})) : operation.body.schema ? values.valid(operation.body.schema) : fc.constant({})).map((json) => ({
          json,
        }));
  const hostileBody: fc.Arbitrary<FuzzCase['body']> = !operation.body
    ? weighted<FuzzCase['body']>([3, fc.constant(undefined)], [1, hostileRawBody], [1, fc.constant({ json: { reason: 'x', colour: 'pink' } })])
    : isCsv
      ? weighted<FuzzCase['body']>(
          [2, fc.tuple(validCsv, hostileString).map(([csv, bad]) => ({ raw: csv.replace(/\n$/, `\n${bad},${bad}\n`) }))],
          [1, fc.constantFrom('', 'name,phone\n', '\ufeffname,phone\n王,13800000000\n', 'phone\n1\n', `name,phone\n${'a,1\n'.repeat(60_000)}`).map((raw) => ({ raw }))],
          [1, fc.constant({ bytes: [0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x70, 0x68, 0x6f, 0x6e, 0x65, 0x0a, 0xcd, 0xf5, 0x2c, 0x31, 0x0a] })],
          [1, hostileRawBody],
        )
      : weighted<FuzzCase['body']>(
          // Mostly one spoilt field in an otherwise valid body: the spoilt field is then what the server has to handle.
          [
            6,
            fc
              .tuple(validBody, weighted<Mutation[]>([3, fc.tuple(mutation)], [1, fc.tuple(mutation, mutation)]))
              .map(([body, mutations]) => ({ json: mutations.reduce((v, m) => applyMutation(v, m), (body as { json: unknown }).json) })),
          ],
          [2, hostileRawBody],
          [1, hostileValue.map((json) => ({ json }))],
          [1, fc.constant(undefined)],
        );

  const clean = fc.record({
    clean: fc.constant(true),
    caller: weighted<CallerName>([6, fc.constant(mainCaller(operation))], [1, fc.constantFrom(...CALLERS)]),
    path: validPath,
    query: queryOf(false),
    ifMatch: takesIfMatch ? fc.constant<IfMatchForm>('current') : fc.constant(undefined),
    idempotencyKey,
    body: validBody,
  });
  // Each hostile case spoils one or more parts; the others stay valid-ish so the spoilt part is what is tested.
  const hostile = fc
    .record({
      spoil: fc.record({ path: fc.boolean(), query: fc.boolean(), headers: fc.boolean(), body: fc.boolean(), caller: fc.boolean() }),
      caller: fc.constantFrom(...CALLERS),
      validPath,
      hostilePath,
      validQuery: queryOf(false),
      hostileQuery: queryOf(true),
      validBody,
      hostileBody,
      ifMatch: takesIfMatch ? IF_MATCH : fc.constant(undefined),
      idempotencyKey: takesKey ? hostileKey : fc.option(fc.uuid(), { nil: undefined, freq: 8 }),
      contentType: fc.option(fc.constantFrom(...HOSTILE_CONTENT_TYPES), { nil: undefined, freq: 2 }),
      extraHeaders: weighted<Record<string, string> | undefined>(
        [4, fc.constant(undefined)],
        [
          1,
          fc.constantFrom<Record<string, string>>(
            { 'x-fill': 'a'.repeat(20_000) },
            { accept: 'text/html' },
            { 'x-request-id': 'a'.repeat(500) },
            { 'content-encoding': 'gzip' },
            { 'transfer-encoding': 'chunked' },
            { 'x-api-key': '' },
            { authorization: 'Basic Zm9vOmJhcg==' },
            { 'x-forwarded-for': '1.1.1.1, 2.2.2.2' },
          ),
        ],
      ),
    })
    .map(({ spoil, ...c }): FuzzCase => ({
      clean: false,
      caller: spoil.caller ? c.caller : 'owner',
      path: spoil.path ? c.hostilePath : c.validPath,
      query: spoil.query ? c.hostileQuery : c.validQuery,
      ifMatch: spoil.headers ? c.ifMatch : takesIfMatch ? 'current' : undefined,
      idempotencyKey: spoil.headers ? c.idempotencyKey : undefined,
      contentType: spoil.headers ? c.contentType : undefined,
      extraHeaders: spoil.headers ? c.extraHeaders : undefined,
      body: spoil.body || !Object.values(spoil).some(Boolean) ? c.hostileBody : c.validBody,
    }));
  return weighted<FuzzCase>([1, clean], [2, hostile]);
}

/**
 * Who mostly calls an operation in clean cases: the owner, unless only customers' apps may (a customer
 * session for a customer's own data, a publishable key for signing in).
 */
function mainCaller(operation: Operation): CallerName {
  const schemes = operation.security;
  if (schemes.length === 0 || schemes.includes('staff') || schemes.includes('apiKey')) return 'owner';
  return schemes.includes('publishableKey') ? 'app' : 'customer';
}
