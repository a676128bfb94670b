/**
 * Findings the fuzz suite knows about and that are being fixed in other branches, each with the
 * part of issue 9 it belongs to. The suite fails on any finding not matched here, and prints how
 * often each entry matched: empty this list as the fixes land (an entry that matches nothing in a
 * full run is marked "not seen"). The first entry that matches counts, so deep JSON (which may
 * also hold a NUL or a tiny number) comes before them.
 */
import type { Finding } from './runner.js';

export interface KnownFinding {
  /** Issue 9's defect number, or the section of the issue, that the fix belongs to. */
  defect: string;
  cause: string;
  matches(finding: Finding): boolean;
}

const bodyText = (finding: Finding) => finding.request.body?.toString('utf8') ?? '';
/** Is the kind one of these, for a response of this status? */
const is = (finding: Finding, kinds: Finding['kind'][], status: number) => kinds.includes(finding.kind) && finding.response.status === status;
const framework = ['not-problem', 'undocumented-status'] as Finding['kind'][];

export const KNOWN_FINDINGS: KnownFinding[] = [
  {
    defect: '1',
    cause: 'a beautician or a key without customers:pii may search customers by a full phone number or an e-mail (and so confirm a masked one)',
    matches: (f) => f.kind === 'privacy',
  },
  {
    defect: '7',
    cause: "431 for a header block over Node's limit: Fastify's plain JSON, and no operation documents 431",
    matches: (f) => is(f, framework, 431),
  },
  {
    defect: '7',
    cause: "414 for a path parameter over 100 characters: Fastify's FST_ERR_MAX_PARAM_LENGTH as plain JSON, not documented",
    matches: (f) => is(f, framework, 414) && /FST_ERR_MAX_PARAM_LENGTH/.test(f.response.text),
  },
  {
    defect: '7',
    cause: "400 for a malformed percent-encoding in the path (%zz, %, %u0000, overlong or surrogate UTF-8): Fastify's FST_ERR_BAD_URL as plain JSON",
    matches: (f) => is(f, ['not-problem'], 400) && /FST_ERR_BAD_URL/.test(f.response.text),
  },
  {
    defect: '7',
    cause: "400 from Node's HTTP parser (Transfer-Encoding: chunked beside Content-Length) answered by Fastify's clientError handler as plain JSON",
    matches: (f) => is(f, ['not-problem'], 400) && /"message":"Client Error"/.test(f.response.text),
  },
  {
    defect: '7',
    cause: 'operations without a request body still read one and do not document what it can cause: 400 (malformed JSON), 413 (over BODY_LIMIT_BYTES), 415 (another content type)',
    matches: (f) => f.kind === 'undocumented-status' && [400, 413, 415].includes(f.response.status) && !f.operation.body && (Boolean(f.request.body) || 'transfer-encoding' in f.request.headers),
  },
  {
    defect: '3',
    cause: 'deeply nested JSON (thousands of levels) in a body answers 500',
    matches: (f) => f.kind === 'server-error' && /(\[){200}|(\{"a":){200}/.test(bodyText(f)),
  },
  {
    defect: '2',
    cause: 'a NUL character in any text (body field, query parameter) reaches PostgreSQL and answers 500',
    matches: (f) => f.kind === 'server-error' && (/\\u0000/.test(bodyText(f)) || /%00/.test(f.request.url)),
  },
  {
    defect: '2',
    cause: 'text with a C0 control character (other than tab and line breaks) or a lone surrogate is accepted and stored',
    matches: (f) => f.kind === 'accepted-bad-text',
  },
  {
    defect: '4',
    cause: 'a tiny number (1e-7 and the like, printed in exponent form) answers 500',
    matches: (f) => f.kind === 'server-error' && /[0-9]e-[0-9]/i.test(bodyText(f)),
  },
  {
    defect: '9',
    cause: 'If-Match with the current version unquoted (4) or weak (W/"4") answers 412 "changed since you read it"',
    matches: (f) => f.kind === 'wrong-status' && f.response.status === 412 && !/^"\d+"$/.test(f.request.headers['if-match'] ?? ''),
  },
  {
    defect: 'new (not in issue 9)',
    cause: 'path ids are used as sent: an upper-case UUID misses lower-case keys in memory and answers 500 (PATCH /v1/services/{ID} changing timeBlocks: ServiceRecords.variationsOf; POST /v1/customers/{ID}/anonymize: CustomerAnonymiseService.status)',
    matches: (f) => f.kind === 'server-error' && (f.request.url.split('?')[0].match(/[0-9A-F]{8}-(?:[0-9A-F]{4}-){3}[0-9A-F]{12}/g) ?? []).some((id) => /[A-F]/.test(id)),
  },
  {
    defect: 'new (validation, not in issue 9)',
    cause: 'an array where a list expects objects ([[]] for closure intervals, weekly hours, addresses, variations) passes ValidateNested({ each: true }): stored as {} (201 with a body that breaks its schema) or 500 (POST /v1/services)',
    matches: (f) => ['schema-mismatch', 'server-error'].includes(f.kind) && /\[\s*\[/.test(bodyText(f)),
  },
  {
    defect: 'rough edges: 201 responses have no Location header',
    cause: '201 without a Location header',
    matches: (f) => f.kind === 'no-location',
  },
];
