/**
 * Local servers playing the notification providers, for tests: an SMTP server, Aliyun SMS, Twilio
 * and the WeChat API. Each checks a request as the provider would (Aliyun recomputes the ACS3
 * signature from the AccessKey secret, Twilio checks basic auth, WeChat checks its access token),
 * records what it received, and answers what the test asks for. Nothing here mocks an SDK: the
 * application's real clients talk HTTP/SMTP to these servers.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

interface Listening {
  url: string;
  close: () => Promise<void>;
}

async function listen(handler: (request: IncomingMessage, body: Buffer, response: ServerResponse) => unknown): Promise<Listening> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve(handler(request, Buffer.concat(chunks), response)).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json;charset=utf-8');
  response.end(JSON.stringify(body));
}

// ---------------------------------------------------------------------------------------------- SMTP

export interface ReceivedMail {
  /** The envelope recipients (RCPT TO). */
  to: string[];
  raw: string;
}

export interface FakeSmtp {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Answer RCPT TO for this address with `code` (550: no such mailbox; 450: try later). */
  rejectRecipient(address: string, code: number, text: string): void;
  close(): Promise<void>;
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const rejections = new Map<string, { code: number; text: string }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const rejection = rejections.get(address.address.toLowerCase());
      if (!rejection) return callback();
      callback(Object.assign(new Error(rejection.text), { responseCode: rejection.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejectRecipient: (address, code, text) => rejections.set(address.toLowerCase(), { code, text }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ParsedMail {
  headers: Map<string, string>;
  /** The Subject with its RFC 2047 encoded words decoded. */
  subject: string;
  contentType: string;
  /** The parts of a multipart body (or the one body), decoded to text with their charset. */
  parts: Array<{ contentType: string; charset: string; transferEncoding: string; text: string }>;
}

/** Reads a MIME message as a mail client would: unfolded headers, RFC 2047 words, multipart bodies, base64 and quoted-printable. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHeaders(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), contentType, parts: bodyParts(contentType, headers, body) };
}

function splitHeaders(entity: string): { headers: Map<string, string>; body: string } {
  const end = entity.search(/\r?\n\r?\n/);
  const head = end < 0 ? entity : entity.slice(0, end);
  const body = end < 0 ? '' : entity.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parameter(headerValue: string, name: string): string | undefined {
  return new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(headerValue)?.[1];
}

function bodyParts(contentType: string, headers: Map<string, string>, body: string): ParsedMail['parts'] {
  const boundary = parameter(contentType, 'boundary');
  if (/^multipart\//i.test(contentType) && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections
      .filter((section) => !section.startsWith('--'))
      .flatMap((section) => {
        const part = splitHeaders(section.replace(/^\r?\n/, ''));
        return bodyParts(part.headers.get('content-type') ?? 'text/plain', part.headers, part.body);
      });
  }
  const transferEncoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = (parameter(contentType, 'charset') ?? 'us-ascii').toLowerCase();
  const bytes =
    transferEncoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : transferEncoding === 'quoted-printable' ? quotedPrintable(body) : Buffer.from(body, 'utf8');
  return [
    {
      contentType: contentType.split(';')[0].trim().toLowerCase(),
      charset,
      transferEncoding,
      // MIME text has CRLF line ends; a mail client shows them as line breaks.
      text: new TextDecoder(charset).decode(bytes).replace(/\r\n/g, '\n').replace(/\n$/, ''),
    },
  ];
}

function quotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047: `=?UTF-8?B?...?=` and `=?UTF-8?Q?...?=`, whitespace between adjacent encoded words dropped. */
export function decodeWords(value: string): string {
  const WORD = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value.replace(/(\?=)\s+(=\?)/g, '$1$2').replace(WORD, (_match, charset: string, encoding: string, text: string) => {
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintable(text.replace(/_/g, ' '));
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  });
}

// --------------------------------------------------------------------------------------- Aliyun SMS

export interface AliyunRequest {
  action: string;
  version: string;
  /** The request's parameters (SendSms sends them in the query). */
  params: Record<string, string>;
  /** Whether the ACS3-HMAC-SHA256 signature, recomputed from the AccessKey secret, matched. */
  signatureValid: boolean;
  signatureProblem?: string;
}

export interface FakeAliyun {
  url: string;
  requests: AliyunRequest[];
  /** The SendSms answers to give next, in order (then `OK` with a new BizId). */
  answerNext(...answers: Array<{ Code: string; Message?: string }>): void;
  close(): Promise<void>;
}

/** Aliyun's percent-encoding: RFC 3986 unreserved characters kept, everything else (including `!'()*`) encoded, space as %20. */
function aliyunEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Recomputes the V3 signature as Aliyun documents it (https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature):
 * canonical request = method, path, sorted encoded query, the signed headers `name:value`, their names,
 * the payload's SHA-256; string to sign = algorithm + SHA-256 of the canonical request; HMAC-SHA256 with the secret.
 */
function checkAcs3(request: IncomingMessage, body: Buffer, accessKeyId: string, accessKeySecret: string, usedNonces: Set<string>): string | undefined {
  const authorization = request.headers.authorization ?? '';
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(authorization);
  if (!match) return 'no ACS3-HMAC-SHA256 Authorization header';
  const [, credential, signedHeaderList, signature] = match;
  if (credential !== accessKeyId) return 'unknown AccessKey ID';
  const signedHeaders = signedHeaderList.split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!signedHeaders.includes(required)) return `${required} is not signed`;
  }
  const payloadHash = createHash('sha256').update(body).digest('hex');
  if (request.headers['x-acs-content-sha256'] !== payloadHash) return 'x-acs-content-sha256 is not the hash of the body';
  const date = Date.parse(String(request.headers['x-acs-date']));
  if (!(Math.abs(Date.now() - date) < 15 * 60_000)) return 'x-acs-date is not within 15 minutes';
  const nonce = String(request.headers['x-acs-signature-nonce']);
  if (usedNonces.has(nonce)) return 'SignatureNonceUsed';
  usedNonces.add(nonce);
  const url = new URL(request.url ?? '/', 'http://aliyun');
  const query = [...url.searchParams]
    .map(([key, value]) => [aliyunEncode(key), aliyunEncode(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalHeaders = [...signedHeaders]
    .sort()
    .map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`)
    .join('');
  const canonicalRequest = [request.method, url.pathname, query, canonicalHeaders, [...signedHeaders].sort().join(';'), payloadHash].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
  return expected === signature ? undefined : 'SignatureDoesNotMatch';
}

export async function startFakeAliyun(options: { accessKeyId: string; accessKeySecret: string }): Promise<FakeAliyun> {
  const requests: AliyunRequest[] = [];
  const queued: Array<{ Code: string; Message?: string }> = [];
  const nonces = new Set<string>();
  const server = await listen((request, body, response) => {
    const problem = checkAcs3(request, body, options.accessKeyId, options.accessKeySecret, nonces);
    const url = new URL(request.url ?? '/', 'http://aliyun');
    const params = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body.toString('utf8'))]);
    const action = String(request.headers['x-acs-action'] ?? '');
    requests.push({ action, version: String(request.headers['x-acs-version'] ?? ''), params, signatureValid: !problem, signatureProblem: problem });
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    if (problem) return json(response, 400, { Code: problem === 'SignatureNonceUsed' ? problem : 'SignatureDoesNotMatch', Message: problem, RequestId: requestId });
    if (action !== 'SendSms') return json(response, 404, { Code: 'InvalidAction.NotFound', Message: action, RequestId: requestId });
    const next = queued.shift();
    if (next) return json(response, 200, { Message: next.Code, ...next, RequestId: requestId });
    json(response, 200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}${requests.length}^0`, RequestId: requestId });
  });
  return { url: server.url, requests, answerNext: (...answers) => queued.push(...answers), close: server.close };
}

// ------------------------------------------------------------------------------------------- Twilio

export interface TwilioRequest {
  path: string;
  /** Whether basic auth carried the account SID and auth token. */
  authorized: boolean;
  form: Record<string, string>;
}

export interface FakeTwilio {
  url: string;
  requests: TwilioRequest[];
  /** The error answers to give next, in order (then 201 with a new Message SID). */
  failNext(...errors: Array<{ status: number; code: number; message: string }>): void;
  close(): Promise<void>;
}

export async function startFakeTwilio(options: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
  const requests: TwilioRequest[] = [];
  const queued: Array<{ status: number; code: number; message: string }> = [];
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const server = await listen((request, body, response) => {
    const path = new URL(request.url ?? '/', 'http://twilio').pathname;
    const authorized = request.headers.authorization === expectedAuth;
    const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    requests.push({ path, authorized, form });
    if (!authorized) return json(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    if (request.method !== 'POST' || path !== `/2010-04-01/Accounts/${options.accountSid}/Messages.json`) {
      return json(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    }
    if (!form.To || !form.Body || (!form.From && !form.MessagingServiceSid))
      return json(response, 400, { code: 21604, message: "A 'To', 'Body' and 'From' are required", status: 400 });
    const next = queued.shift();
    if (next) return json(response, next.status, { code: next.code, message: next.message, more_info: `https://www.twilio.com/docs/errors/${next.code}`, status: next.status });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    json(response, 201, { sid, account_sid: options.accountSid, to: form.To, from: form.From ?? null, body: form.Body, status: 'queued', num_segments: '1' });
  });
  return { url: server.url, requests, failNext: (...errors) => queued.push(...errors), close: server.close };
}

/** Twilio's request signature: base64 HMAC-SHA1 of the URL followed by each POST parameter's name and value, sorted by name. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

// ------------------------------------------------------------------------------------------- WeChat

export interface WeChatSend {
  accessToken: string;
  body: Record<string, unknown>;
}

export interface FakeWeChat {
  url: string;
  /** stable_token calls, with their force_refresh. */
  tokenRequests: Array<{ forceRefresh: boolean }>;
  sends: WeChatSend[];
  /** WeChat ends the current token early: sends with it answer 42001, and stable_token hands out a new one. */
  expireCurrentToken(): void;
  /** The errcodes to answer the next sends with, in order (then success). */
  answerNext(...errcodes: number[]): void;
  close(): Promise<void>;
}

export async function startFakeWeChat(options: { appId: string; secret: string }): Promise<FakeWeChat> {
  const tokenRequests: Array<{ forceRefresh: boolean }> = [];
  const sends: WeChatSend[] = [];
  const queued: number[] = [];
  let current: string | undefined;
  const expired = new Set<string>();
  let msgid = 1_864_323_726_461_255_680n;
  const server = await listen((request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://wechat');
    const parsed = (() => {
      try {
        return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })();
    if (!parsed) return json(response, 200, { errcode: 47001, errmsg: 'data format error' });
    if (url.pathname === '/cgi-bin/stable_token') {
      tokenRequests.push({ forceRefresh: parsed.force_refresh === true });
      if (parsed.grant_type !== 'client_credential' || parsed.appid !== options.appId) return json(response, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (parsed.secret !== options.secret) return json(response, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
      if (!current || parsed.force_refresh === true) current = `TOKEN-${randomBytes(6).toString('hex')}`;
      return json(response, 200, { access_token: current, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      const accessToken = url.searchParams.get('access_token') ?? '';
      sends.push({ accessToken, body: parsed });
      if (expired.has(accessToken)) return json(response, 200, { errcode: 42001, errmsg: 'access_token expired' });
      if (accessToken !== current) return json(response, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      const errcode = queued.shift();
      if (errcode) return json(response, 200, { errcode, errmsg: `errcode ${errcode}` });
      msgid += 1n;
      // Written by hand: the msgid is a 64-bit integer, as WeChat sends it.
      response.setHeader('content-type', 'application/json');
      return response.end(`{"errcode":0,"errmsg":"ok","msgid":${msgid.toString()}}`);
    }
    json(response, 404, { errcode: -1, errmsg: 'not found' });
  });
  return {
    url: server.url,
    tokenRequests,
    sends,
    expireCurrentToken() {
      if (current) expired.add(current);
      current = undefined;
    },
    answerNext: (...errcodes) => queued.push(...errcodes),
    close: server.close,
  };
}

/** The signature WeChat puts in the query of its message pushes: sha1 of token, timestamp and nonce, sorted and joined. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}
