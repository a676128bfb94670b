import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { literalAddress, type TargetPolicy } from '../webhook-url.js';
import { refusedAddressReason } from './target-address.js';

/** Of the answer, read this much at most (then the connection is dropped), and keep this much. */
const READ_CAP_BYTES = 64 * 1024;
const EXCERPT_BYTES = 2048;
/** An idle kept-alive connection is closed after this long (below the 5 s servers commonly keep one; a shorter `Keep-Alive: timeout` they announce wins). */
const IDLE_MS = 4000;
/** Pools kept at most; past it, the least recently used idle ones are closed. */
const MAX_POOLS = 200;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookOutcome {
  succeeded: boolean;
  statusCode: number | null;
  /** The start of the answer's body (≤ 2 KB, NUL-free), or null when none came. */
  excerpt: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * Kept-alive connections for webhook attempts, one pool per (scheme, host, port, checked address).
 * An attempt resolves the name and checks the address first, then takes the pool of that address:
 * a reused connection goes to an address this attempt checked, as a new one would (SSRF). A name
 * that now resolves elsewhere gets another pool; the old one idles out.
 */
export class WebhookConnections {
  private readonly pools = new Map<string, http.Agent>();

  agentFor(url: URL, address: string): http.Agent {
    const key = `${url.protocol}//${url.host} ${address}`;
    const options = { keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' as const };
    const agent = this.pools.get(key) ?? (url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options));
    // Most recently used last, so eviction meets the least recently used first.
    this.pools.delete(key);
    this.pools.set(key, agent);
    for (const [other, pool] of this.pools) {
      if (this.pools.size <= MAX_POOLS) break;
      if (other === key || Object.keys(pool.sockets).length > 0 || Object.keys(pool.requests).length > 0) continue;
      pool.destroy();
      this.pools.delete(other);
    }
    return agent;
  }

  /** Closes every connection (at shutdown, once the attempts in flight are done). */
  close(): void {
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }
}

/** A refusal before any connection (an address a webhook may not reach, a URL it may not use). */
class Refused extends Error {}

/**
 * One POST of a webhook, defended against SSRF: the host is resolved now, every address it
 * resolves to must be public (unless private targets are allowed), and the connection goes to the
 * address that was checked (a fixed `lookup`: no second resolution for DNS rebinding to exploit).
 * Redirects are not followed (a 3xx is a failure), the whole attempt has `timeoutMs`, and at most
 * 64 KB of the answer is read. With `connections`, connections are kept alive (see WebhookConnections);
 * without, each attempt opens its own. Never throws: failures are outcomes.
 */
export async function postWebhook(request: WebhookRequest, policy: TargetPolicy & { timeoutMs: number; connections?: WebhookConnections }): Promise<WebhookOutcome> {
  const started = performance.now();
  const signal = AbortSignal.timeout(policy.timeoutMs);
  const outcome = (fields: Omit<WebhookOutcome, 'durationMs'>): WebhookOutcome => ({ ...fields, durationMs: Math.round(performance.now() - started) });
  try {
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && (policy.httpsOnly || url.protocol !== 'http:')) throw new Refused(`refused: ${url.protocol} URLs are not allowed here, only https`);
    const target = await resolveTarget(url, policy, signal);
    const response = await send(url, target, request, signal, policy.connections?.agentFor(url, target.address) ?? false);
    const { excerpt } = await readExcerpt(response, signal);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return outcome({ succeeded: true, statusCode: status, excerpt, error: null });
    const error =
      status >= 300 && status < 400
        ? `answered ${status}, a redirect${response.headers.location ? ` to ${response.headers.location.slice(0, 200)}` : ''}, which is not followed`
        : `answered ${status}`;
    return outcome({ succeeded: false, statusCode: status, excerpt, error });
  } catch (error) {
    const message = signal.aborted
      ? `no answer within ${policy.timeoutMs} ms`
      : error instanceof Refused
        ? error.message
        : `could not deliver: ${error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error)}`;
    return outcome({ succeeded: false, statusCode: null, excerpt: null, error: message.slice(0, 500) });
  }
}

/** The address to connect to: the literal, or the first the name resolves to, once every one of them passed. */
async function resolveTarget(url: URL, policy: TargetPolicy, signal: AbortSignal): Promise<{ address: string; family: number }> {
  const literal = literalAddress(url);
  const addresses = literal
    ? [{ address: literal, family: isIP(literal) }]
    : await abortable(
        lookup(url.hostname, { all: true, verbatim: true }).catch((error: NodeJS.ErrnoException) => {
          throw new Refused(`could not resolve ${url.hostname} (${error.code ?? error.message})`);
        }),
        signal,
      );
  if (addresses.length === 0) throw new Refused(`could not resolve ${url.hostname}`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const reason = refusedAddressReason(address);
      if (reason) throw new Refused(`refused: ${url.hostname} resolves to ${address}, which is ${reason}, not a public address`);
    }
  }
  return addresses[0];
}

function send(url: URL, target: { address: string; family: number }, request: WebhookRequest, signal: AbortSignal, agent: http.Agent | false): Promise<IncomingMessage> {
  // Connect to the checked address whatever the name resolves to now; TLS still verifies the certificate against the name.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const body = Buffer.from(request.body, 'utf8');
  const options = {
    method: 'POST',
    headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(body.length), 'user-agent': 'Bloom-Webhooks/1' },
    lookup: pinned,
    agent,
    signal,
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const onResponse = (response: IncomingMessage) => {
      answered = true;
      resolve(response);
    };
    const req = url.protocol === 'https:' ? https.request(url, options, onResponse) : http.request(url, options, onResponse);
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed as it was reused: send again on a new one (at least
      // once: should the server have taken it, the partner sees the same webhook-id twice).
      if (req.reusedSocket && !answered && !signal.aborted && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        resolve(send(url, target, request, signal, false));
      } else {
        reject(error);
      }
    });
    req.end(body);
  });
}

/** Reads the answer up to the cap (then stops reading and drops the connection) and keeps its start. */
async function readExcerpt(response: IncomingMessage, signal: AbortSignal): Promise<{ excerpt: string | null }> {
  const chunks: Buffer[] = [];
  let read = 0;
  await abortable(
    new Promise<void>((resolve, reject) => {
      response.on('data', (chunk: Buffer) => {
        if (read < EXCERPT_BYTES) chunks.push(chunk);
        read += chunk.length;
        if (read >= READ_CAP_BYTES) {
          response.destroy();
          resolve();
        }
      });
      response.on('end', () => resolve());
      response.on('error', reject);
      response.on('close', () => resolve());
    }),
    signal,
  );
  if (read === 0) return { excerpt: null };
  // `stream: true` leaves out a character cut in half at the 2 KB mark rather than adding a replacement one.
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES), { stream: true });
  // eslint-disable-next-line no-control-regex -- PostgreSQL text cannot hold NUL
  return { excerpt: text.replace(/\u0000/g, '') };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
