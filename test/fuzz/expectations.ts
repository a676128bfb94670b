/**
 * Rules of the API that a response's shape cannot show, checked where a generated case makes
 * them decidable: what DESIGN.md promises about If-Match, content types, masked fields and text.
 */
import type { FuzzCase } from './cases.js';
import type { Operation } from './document.js';
import type { RawRequest, RawResponse } from './http.js';
import type { Violation } from './oracle.js';

/** Callers who see customers' contact details masked (beauticians, keys without customers:pii). */
const MASKED_CALLERS = new Set(['beautician', 'keyFew']);

export function expectations(operation: Operation, fuzzCase: FuzzCase, request: RawRequest, response: RawResponse, currentIfMatch: boolean): Violation[] {
  const violations: Violation[] = [];
  const ok = response.status >= 200 && response.status < 300;
  // The current version in any form a client may send (quoted, unquoted, weak) is not stale.
  if (response.status === 412 && currentIfMatch && fuzzCase.ifMatch !== 'stale') {
    violations.push({ kind: 'wrong-status', detail: `412 for If-Match ${request.headers['if-match']}, the current version` });
  }
  // A body in a content type the operation does not take answers 415, never a silent success.
  if (ok && operation.body && request.body?.length) {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!operation.body.mediaTypes.includes(type)) violations.push({ kind: 'wrong-status', detail: `${response.status} for a body sent as ${type || 'no content type'}` });
  }
  // Who sees a phone or e-mail masked may not search by it in full: a match would reveal it.
  if (ok && MASKED_CALLERS.has(fuzzCase.caller) && /^\/v1\/customers(\/export\.csv)?$/.test(operation.path)) {
    const search = new URLSearchParams(request.url.split('?')[1] ?? '');
    const fullPhone = search.getAll('phone').some((phone) => phone.replace(/\D/g, '').length > 4);
    if (fullPhone || search.has('email'))
      violations.push({ kind: 'privacy', detail: `${response.status} to a ${fuzzCase.caller} searching by ${fullPhone ? 'a full phone number' : 'e-mail'}` });
  }
  // Text is valid UTF-16 without C0 controls (tab and line breaks aside): such text in a JSON body is refused, not stored.
  if (ok && operation.body?.mediaTypes.includes('application/json') && request.body) {
    const bad = badText(request.body.toString('utf8'));
    if (bad) violations.push({ kind: 'accepted-bad-text', detail: `${response.status} for a body with ${bad}` });
  }
  return violations;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const C0 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with the strings of a JSON text (keys included), if anything. */
function badText(json: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const strings: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (typeof node === 'string') strings.push(node);
    else if (node && typeof node === 'object' && depth < 50) {
      for (const [key, child] of Object.entries(node)) {
        strings.push(key);
        walk(child, depth + 1);
      }
    }
  };
  walk(value, 0);
  if (strings.some((text) => C0.test(text))) return 'a control character';
  if (strings.some((text) => LONE_SURROGATE.test(text))) return 'a lone surrogate';
  return undefined;
}
