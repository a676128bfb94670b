import { isIanaTimeZone } from '../common/validation/locale.js';
import { parseDuration } from './duration.js';
import { parsePemKey } from './pem.js';

/**
 * Every environment variable Bloom reads, with its type, default and description.
 * `.env.example` is generated from this table (`npm run cli -- env-example`), so the two never drift.
 */
type Parser<T> = (raw: string) => T | { error: string };

interface VariableSpec<T> {
  description: string;
  parse: Parser<T>;
  /** Used when the variable is unset; omit for required variables. */
  default?: string;
  /** Secret values are never printed by config errors or logs. */
  secret?: boolean;
}

const str: Parser<string> = (raw) => raw;
const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : { error: `must be a whole number from ${min} to ${max}` };
  };
const duration: Parser<number> = (raw) => parseDuration(raw) ?? { error: 'must be a duration such as 500ms, 30s, 15m, 24h or 7d' };
const durationWithin =
  (minMs: number, maxMs: number): Parser<number> =>
  (raw) => {
    const ms = parseDuration(raw);
    if (ms === undefined) return { error: 'must be a duration such as 500ms, 30s, 15m, 24h or 7d' };
    return ms >= minMs && ms <= maxMs ? ms : { error: `must be from ${minMs} ms to ${maxMs / 1000} s` };
  };
const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) =>
    (values as string[]).includes(raw) ? (raw as T) : { error: `must be one of ${values.join(', ')}` };
const bool: Parser<boolean> = (raw) => (['true', '1', 'yes'].includes(raw) ? true : ['false', '0', 'no'].includes(raw) ? false : { error: 'must be true or false' });
const url =
  (...protocols: string[]): Parser<string> =>
  (raw) => {
    try {
      const parsed = new URL(raw);
      return protocols.includes(parsed.protocol) ? raw : { error: `must be a ${protocols.join(' or ')} URL` };
    } catch {
      return { error: 'must be a URL' };
    }
  };
/** Fastify's trustProxy: false, true, or a comma-separated list of addresses/CIDRs. */
const trustProxy: Parser<boolean | string[]> = (raw) => {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const list = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return list.length > 0 && list.every((part) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(part)) ? list : { error: 'must be true, false or a comma-separated list of addresses/CIDRs' };
};
const currency: Parser<string> = (raw) =>
  /^[A-Z]{3}$/.test(raw) && Intl.supportedValuesOf('currency').includes(raw) ? raw : { error: 'must be an ISO 4217 currency code such as CNY' };
const timeZone: Parser<string> = (raw) => (isIanaTimeZone(raw) ? raw : { error: 'must be an IANA time zone such as Asia/Shanghai' });
/** Comma-separated durations, each at least `minMs` (a retry schedule). */
const durationList =
  (minMs: number): Parser<number[]> =>
  (raw) => {
    const parts = raw.split(',').map((part) => parseDuration(part));
    return parts.length > 0 && parts.every((ms): ms is number => ms !== undefined && ms >= minMs)
      ? parts
      : { error: `must be durations separated by commas, each at least ${minMs} ms, such as 5s,5m,30m,2h` };
  };
const secret: Parser<string> = (raw) => (raw.length >= 32 ? raw : { error: 'must be at least 32 characters long' });
/** Empty (the feature is off) or a URL of one of `protocols`. */
const optionalUrl =
  (...protocols: string[]): Parser<string> =>
  (raw) =>
    raw === '' ? '' : url(...protocols)(raw);
/** An e-mail sender, `addr@domain` or `"Display Name" <addr@domain>` (the name may be Chinese). */
const mailbox: Parser<string> = (raw) =>
  /^(?:(?:"[^"\r\n]*"|[^<>"\r\n]*)\s*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+)$/.test(raw.trim())
    ? raw.trim()
    : { error: 'must be an e-mail address, optionally with a name: "Bloom 美业" <no-reply@example.com>' };

export const CONFIG_SCHEMA = {
  NODE_ENV: { description: 'development, test or production', parse: oneOf('development', 'test', 'production'), default: 'development' },
  BLOOM_ROLE: { description: 'api serves HTTP, worker runs jobs and sweepers, all does both', parse: oneOf('api', 'worker', 'all'), default: 'all' },
  HOST: { description: 'interface the HTTP server listens on', parse: str, default: '0.0.0.0' },
  PORT: { description: 'HTTP port', parse: int(1, 65535), default: '3000' },
  TRUST_PROXY: {
    description: 'trust X-Forwarded-* from: false, true, or addresses/CIDRs of your load balancers (client IPs feed rate limits and audit)',
    parse: trustProxy,
    default: 'false',
  },
  PUBLIC_URL: { description: 'base URL printed for humans (docs, dashboards)', parse: url('http:', 'https:'), default: 'http://localhost:3000' },
  LOG_LEVEL: { description: 'pino log level', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), default: 'info' },
  BODY_LIMIT_BYTES: { description: 'largest accepted request body', parse: int(1024, 50 * 1024 * 1024), default: '1048576' },
  DATABASE_URL: {
    description: 'PostgreSQL connection string (npm start with this unset runs an embedded PostgreSQL instead)',
    parse: url('postgres:', 'postgresql:'),
    default: 'postgres://postgres@127.0.0.1:5432/bloom',
  },
  EMBEDDED_PG_PORT: {
    description: 'npm start and npm test only: port of the embedded PostgreSQL (data in .data/postgres) used when DATABASE_URL is unset',
    parse: int(1024, 65535),
    default: '54329',
  },
  DATABASE_POOL_SIZE: { description: 'connections per process', parse: int(1, 200), default: '20' },
  DATABASE_LOG_SLOW_MS: { description: 'log queries slower than this', parse: int(0, 600000), default: '500' },
  REDIS_URL: { description: 'Redis connection string (Bull queues, rate limits)', parse: url('redis:', 'rediss:'), default: 'redis://127.0.0.1:6379' },
  REDIS_PREFIX: { description: 'prefix of every key Bloom writes to Redis (Bull queues, rate limits, locks)', parse: str, default: 'bloom' },
  JWT_SECRET: { description: 'HMAC secret for access tokens (32+ characters)', parse: secret, default: 'dev-only-secret-change-me-0123456789abcdef', secret: true },
  JWT_ACCESS_TTL: { description: 'lifetime of an access token', parse: duration, default: '15m' },
  REVOCATION_RELOAD_INTERVAL: {
    description:
      'how often each process re-reads the access revocations recorded in PostgreSQL, for what the Redis pub/sub messages missed (a Redis outage or flush delays a revocation on other processes by this at most)',
    parse: duration,
    default: '5s',
  },
  REFRESH_TOKEN_TTL: { description: 'lifetime of a refresh token family', parse: duration, default: '30d' },
  REFRESH_REUSE_GRACE: {
    description:
      "how long after a refresh token was used a replay of it answers the same next refresh token (a client refreshing in parallel, or retrying a lost answer) instead of ending the session as reuse; 0 s turns it off (30 s is Okta's default grace period for rotation)",
    parse: durationWithin(0, 60_000),
    default: '30s',
  },
  LOGIN_RATE_LIMIT: {
    description: 'failed sign-in attempts allowed per window for one account from one client IP (the main brake on guessing; a successful sign-in gives its own attempt back)',
    parse: int(1, 10000),
    default: '10',
  },
  LOGIN_ACCOUNT_RATE_LIMIT: {
    description:
      'failed sign-in attempts allowed per window for one account from all addresses together (against guessing spread over many IPs); when reached, even the right password waits',
    parse: int(1, 100000),
    default: '100',
  },
  LOGIN_IP_RATE_LIMIT: {
    description:
      'failed sign-in attempts allowed per window from one client IP over all accounts; past it, failures answer 429 but the right password of an account not itself locked still signs in (staff behind one shared address are not locked out together)',
    parse: int(1, 100000),
    default: '100',
  },
  LOGIN_RATE_WINDOW: { description: 'window of the login rate limit', parse: duration, default: '15m' },
  PASSWORD_RESET_CODE_TTL: {
    description: 'how long a password-reset code (sent by e-mail or SMS to staff who forgot their password) works; a new request replaces the previous code',
    parse: durationWithin(60_000, 86_400_000),
    default: '15m',
  },
  PASSWORD_RESET_ANSWER_TIME: {
    description:
      'POST /v1/auth/password-reset answers no sooner than this after it arrived, so a known login (whose code is stored, queued and audited) takes as long as an unknown one; 0 s turns it off',
    parse: durationWithin(0, 5_000),
    default: '250ms',
  },
  PASSWORD_RESET_PER_HOUR: {
    description: 'password-reset codes one account may request per hour (unknown logins count the same, so the answer tells nothing); more answer 429',
    parse: int(1, 100),
    default: '3',
  },
  PASSWORD_RESET_IP_PER_HOUR: {
    description: 'password-reset requests and confirmations allowed per hour from one client IP over all accounts; more answer 429',
    parse: int(1, 100000),
    default: '30',
  },
  CUSTOMER_SIGN_IN_CODE_TTL: {
    description: "how long a customer's sign-in code (sent by SMS from POST /v1/customer-auth/codes) works; a new request replaces the previous code",
    parse: durationWithin(60_000, 3_600_000),
    default: '5m',
  },
  CUSTOMER_SIGN_IN_PER_HOUR: {
    description: 'sign-in codes one phone may be sent per hour (whether or not a customer has it); more answer 429',
    parse: int(1, 100),
    default: '5',
  },
  CUSTOMER_SIGN_IN_IP_PER_HOUR: {
    description: 'customer sign-in code requests and sign-ins allowed per hour from one client IP over all phones; more answer 429',
    parse: int(1, 100000),
    default: '60',
  },
  CUSTOMER_SESSION_TTL: {
    description: "how long a customer session (a customers' app's sign-in by SMS code) lasts before the customer signs in again",
    parse: durationWithin(60_000, 90 * 86_400_000),
    default: '30d',
  },
  IDEMPOTENCY_TTL: { description: 'how long an Idempotency-Key is remembered', parse: duration, default: '24h' },
  IDEMPOTENCY_LOCK_TIMEOUT: {
    description: 'after this long an in-flight Idempotency-Key request (its process died) may be taken over by a retry',
    parse: duration,
    default: '60s',
  },
  IDEMPOTENCY_PURGE_INTERVAL: { description: 'how often keys older than IDEMPOTENCY_TTL are deleted (worker and all roles)', parse: duration, default: '10m' },
  CUSTOMER_LOOKUP_RATE_LIMIT: {
    description:
      'customer look-ups (searches, list pages, CSV exports, segment member pages) allowed per window for one user or API key, counted across processes in Redis; more answer 429 with Retry-After',
    parse: int(1, 1_000_000),
    default: '300',
  },
  CUSTOMER_LOOKUP_RATE_WINDOW: { description: 'window of CUSTOMER_LOOKUP_RATE_LIMIT', parse: duration, default: '5m' },
  APPOINTMENT_LINK_RATE_LIMIT: {
    description:
      'requests to reminder links (GET /v1/appointment-links/…, confirm, cancel: no sign-in, the token is the key) allowed per window from one client IP, counted across processes in Redis; more answer 429 with Retry-After',
    parse: int(1, 100000),
    default: '30',
  },
  APPOINTMENT_LINK_RATE_WINDOW: { description: 'window of APPOINTMENT_LINK_RATE_LIMIT', parse: duration, default: '10m' },
  CUSTOMER_APP_RATE_LIMIT: {
    description:
      "requests from customers' apps allowed per window: with a publishable key, from one client IP per key; with a customer session, per customer; counted across processes in Redis; more answer 429 with Retry-After",
    parse: int(1, 1_000_000),
    default: '600',
  },
  CUSTOMER_APP_RATE_WINDOW: { description: 'window of CUSTOMER_APP_RATE_LIMIT', parse: duration, default: '1m' },
  OUTBOX_MAX_ATTEMPTS: { description: 'delivery attempts of an outbox message before it is marked dead', parse: int(1, 1000), default: '10' },
  OUTBOX_RETRY_BASE: { description: 'delay before the first retry of an outbox message; doubles with each attempt', parse: duration, default: '10s' },
  OUTBOX_RETRY_MAX: { description: 'longest delay between two attempts of an outbox message', parse: duration, default: '1h' },
  OUTBOX_SEND_TIMEOUT: { description: 'an outbox transport that takes longer than this counts as failed', parse: duration, default: '30s' },
  OUTBOX_RETENTION: {
    description: 'sent and dead outbox messages older than this are deleted (their payloads may hold personal data such as phone numbers); workers check every 10 minutes',
    parse: duration,
    default: '30d',
  },
  OUTBOX_RELAY_INTERVAL: {
    description: 'pause between the end of one outbox relay pass and the start of the next; the relay re-enqueues due messages whose job was lost (worker and all roles)',
    parse: duration,
    default: '30s',
  },
  INBOX_RETENTION: {
    description: 'read in-app staff messages created longer ago than this are deleted (unread ones are kept until read); workers check every 10 minutes',
    parse: duration,
    default: '90d',
  },
  INBOX_STREAM_HEARTBEAT: {
    description: 'how often an open in-app message stream (GET /v1/me/notifications/stream) gets a comment line, so proxies and load balancers keep it open',
    parse: durationWithin(100, 300_000),
    default: '25s',
  },
  INBOX_STREAMS_PER_USER: {
    description: 'open in-app message streams one user may have across all API processes; opening one more closes their oldest',
    parse: int(1, 100),
    default: '5',
  },
  INBOX_STREAM_TICKET_TTL: {
    description: 'how long a stream ticket (POST /v1/me/notifications/stream-tickets) may wait before it is used; each ticket opens one stream',
    parse: durationWithin(1000, 600_000),
    default: '60s',
  },
  EVENT_MAX_ATTEMPTS: {
    description: 'attempts of one durable event delivery (one subscriber) before it is marked dead and shown to owners at GET /v1/admin/event-deliveries?status=dead',
    parse: int(1, 1000),
    default: '10',
  },
  EVENT_RETRY_BASE: { description: 'delay before the first retry of a failed durable event delivery; doubles with each attempt', parse: duration, default: '5s' },
  EVENT_RETRY_MAX: { description: 'longest delay between two attempts of a durable event delivery', parse: duration, default: '1h' },
  EVENT_RETENTION: {
    description:
      'durable events whose every delivery is done are deleted this long after they occurred (dead deliveries keep their event until retried); workers check every 10 minutes',
    parse: duration,
    default: '14d',
  },
  EVENT_HANDLER_TIMEOUT: {
    description:
      'a durable event subscriber running longer than this fails (its transaction rolls back and the delivery is retried with backoff); it is also the statement timeout of its transaction',
    parse: durationWithin(100, 3_600_000),
    default: '30s',
  },
  EVENT_SWEEP_INTERVAL: {
    description: 'pause between two passes of the durable event sweeper, which re-enqueues due deliveries whose job Redis lost (worker and all roles)',
    parse: duration,
    default: '30s',
  },
  DEADLINE_SWEEP_INTERVAL: {
    description: 'pause between the end of one deadline sweep and the start of the next (a long sweep delays the next one)',
    parse: duration,
    default: '60s',
  },
  DEADLINE_SWEEP_ON_BOOT: { description: 'run the deadline sweeper once at boot', parse: bool, default: 'true' },
  DEADLINE_CONCURRENCY: { description: 'deadline jobs one worker process runs at once', parse: int(1, 200), default: '10' },
  DEADLINE_HANDLER_TIMEOUT: {
    description: 'a deadline handler running longer than this fails (its claim rolls back and the job is retried); it is also the statement timeout of its transaction',
    parse: durationWithin(100, 3_600_000),
    default: '30s',
  },
  DEADLINE_RETRY_BACKOFF: {
    description: 'delay before retrying a failing deadline handler; doubles for each of its 5 attempts, after which the sweeper retries it',
    parse: duration,
    default: '2s',
  },
  SHUTDOWN_GRACE: { description: 'how long shutdown waits for running jobs', parse: duration, default: '10s' },
  BUSINESS_CURRENCY: {
    description:
      "the business's one currency (ISO 4217): every store and every price is in it; Bloom refuses to start when stored prices or stores are in another, so set it before the first price",
    parse: currency,
    default: 'CNY',
  },
  BUSINESS_TIME_ZONE: {
    description:
      "the business's time zone (IANA) for what is not a store's: customers' ages are counted on today's date there; stores keep their own zones for hours and \"tomorrow\"",
    parse: timeZone,
    default: 'Asia/Shanghai',
  },
  SHUTDOWN_DRAIN: {
    description: 'on SIGTERM, how long readiness answers 503 while requests are still served, before the listener closes (load balancers stop sending meanwhile)',
    parse: duration,
    default: '5s',
  },
  METRICS_TOKEN: {
    description: 'GET /metrics requires Authorization: Bearer <this token>; required in production, open when empty elsewhere',
    parse: str,
    default: '',
    secret: true,
  },
  WEBHOOK_TIMEOUT: {
    description: 'a webhook attempt (connecting, sending, reading the answer) taking longer than this fails and is retried',
    parse: durationWithin(100, 60_000),
    default: '10s',
  },
  WEBHOOK_RETRY_SCHEDULE: {
    description:
      "delays before each retry of a webhook message whose attempt failed (Svix's schedule: about 3 days in all); after the last one the message is failed (owners see it and may retry it)",
    parse: durationList(100),
    default: '5s,5m,30m,2h,5h,10h,14h,20h,24h',
  },
  WEBHOOK_DISABLE_AFTER: {
    description: 'a webhook endpoint failing without a single success for this long is disabled, and the owners are told',
    parse: duration,
    default: '5d',
  },
  WEBHOOK_ALLOW_PRIVATE_TARGETS: {
    description:
      'let webhooks reach private, loopback, link-local and other internal addresses (development and tests only: refused at boot in production, where webhooks also need https)',
    parse: bool,
    default: 'false',
  },
  WEBHOOK_CONCURRENCY: { description: 'webhook attempts one worker process runs at once', parse: int(1, 200), default: '10' },
  WEBHOOK_SWEEP_INTERVAL: {
    description: 'pause between two passes of the webhook sweeper, which re-enqueues due messages whose job Redis lost (worker and all roles)',
    parse: duration,
    default: '30s',
  },
  WEBHOOK_RETENTION: {
    description: 'delivered webhook messages and their attempts are deleted this long after delivery (their bodies may hold personal data); workers check every 10 minutes',
    parse: duration,
    default: '30d',
  },
  WEBHOOK_FAILED_RETENTION: {
    description: 'failed webhook messages (the retry schedule spent) are kept this long after failing, so owners can still retry or replay them',
    parse: duration,
    default: '90d',
  },
  SWAGGER_ENABLED: { description: 'serve Swagger UI at /docs', parse: bool, default: 'true' },
  NOTIFICATION_SMS_PER_PHONE_PER_HOUR: {
    description: 'at most this many SMS to one phone number in any rolling hour; more are logged as failed (rate_limited), urgent ones too',
    parse: int(1, 10000),
    default: '5',
  },
  NOTIFICATION_SMS_DAILY_BUDGET: {
    description:
      'at most this many SMS per business day (BUSINESS_TIME_ZONE), 0 = unlimited; more are logged as failed (budget_exhausted), except urgent service messages; owners are told once a day at 80 %',
    parse: int(0, 100_000_000),
    default: '2000',
  },
  NOTIFICATION_RETENTION: {
    description: 'notifications older than this leave the log (with the addresses and variables they hold); workers check every 10 minutes',
    parse: duration,
    default: '180d',
  },
  NOTIFICATION_BUSINESS_NAME: { description: "the business's name as messages sign it (the test message's businessName)", parse: str, default: 'Bloom' },
  PUBLIC_BASE_URL: {
    description:
      'public URL at which providers reach this API (https in production), for their delivery receipts at /v1/notification-receipts/{provider} and payment notifications at /v1/payment-notifications/{provider}, and the base of staff calendar-feed links; empty: no status callbacks are requested, and feed links use the address the request came to',
    parse: optionalUrl('http:', 'https:'),
    default: '',
  },
  APPOINTMENT_LINK_BASE_URL: {
    description:
      "where the confirm and cancel links of appointment reminders point, the business's booking page or this API: <base>/<token>/confirm and <base>/<token>/cancel; empty: PUBLIC_BASE_URL (else http://localhost:3000) + /v1/appointment-links",
    parse: optionalUrl('http:', 'https:'),
    default: '',
  },
  NOTIFICATION_PROVIDER_TIMEOUT: {
    description: 'longest wait for one request to an SMS or WeChat provider (and for each SMTP step); keep it below OUTBOX_SEND_TIMEOUT',
    parse: durationWithin(500, 120_000),
    default: '10s',
  },
  SMTP_URL: {
    description: 'SMTP server for e-mail notifications, smtp://user:password@host:587 (STARTTLS) or smtps://…:465; empty: e-mails are only logged (development)',
    parse: optionalUrl('smtp:', 'smtps:'),
    default: '',
    secret: true,
  },
  EMAIL_FROM: {
    description: 'sender of e-mail notifications, e.g. "Bloom 美业" <no-reply@example.com>; its domain also names the Message-IDs',
    parse: mailbox,
    default: 'Bloom <no-reply@example.com>',
  },
  SMS_PROVIDER: { description: 'SMS sender: log (development: one log line, nothing sent), aliyun or twilio', parse: oneOf('log', 'aliyun', 'twilio'), default: 'log' },
  ALIYUN_ACCESS_KEY_ID: { description: 'Aliyun SMS (SMS_PROVIDER=aliyun): AccessKey ID of a RAM user allowed dysms:SendSms', parse: str, default: '' },
  ALIYUN_ACCESS_KEY_SECRET: { description: 'Aliyun SMS: the AccessKey secret', parse: str, default: '', secret: true },
  ALIYUN_SMS_SIGN_NAME: { description: 'Aliyun SMS: the approved sign name (签名) every message carries', parse: str, default: '' },
  ALIYUN_SMS_ENDPOINT: { description: 'Aliyun SMS API endpoint (scheme and host)', parse: url('http:', 'https:'), default: 'https://dysmsapi.aliyuncs.com' },
  ALIYUN_SMS_RECEIPT_TOKEN: {
    description:
      'Aliyun SMS delivery receipts: a random token (16+ characters) put in the callback URL configured at Aliyun, /v1/notification-receipts/aliyun?token=…; Aliyun does not sign its receipts, so without it they are refused',
    parse: (raw: string) => (raw === '' || raw.length >= 16 ? raw : { error: 'must be at least 16 characters long' }),
    default: '',
    secret: true,
  },
  TWILIO_ACCOUNT_SID: { description: 'Twilio (SMS_PROVIDER=twilio): Account SID (AC…)', parse: str, default: '' },
  TWILIO_AUTH_TOKEN: { description: 'Twilio: auth token (sends, and checks the X-Twilio-Signature of delivery receipts)', parse: str, default: '', secret: true },
  TWILIO_FROM: { description: 'Twilio: sender number (E.164) or alphanumeric sender id; or set TWILIO_MESSAGING_SERVICE_SID', parse: str, default: '' },
  TWILIO_MESSAGING_SERVICE_SID: { description: 'Twilio: Messaging Service SID (MG…), used instead of TWILIO_FROM when set', parse: str, default: '' },
  TWILIO_API_BASE: { description: 'Twilio REST API base URL', parse: url('http:', 'https:'), default: 'https://api.twilio.com' },
  WECHAT_APP_ID: { description: 'WeChat mini-program AppID for subscription messages; empty: the wechat channel is off', parse: str, default: '' },
  WECHAT_APP_SECRET: { description: 'WeChat mini-program AppSecret', parse: str, default: '', secret: true },
  WECHAT_API_BASE: { description: 'WeChat API base URL', parse: url('http:', 'https:'), default: 'https://api.weixin.qq.com' },
  WECHAT_MINIPROGRAM_STATE: {
    description: 'which mini-program a subscription message opens: formal (released), trial or developer',
    parse: oneOf('formal', 'trial', 'developer'),
    default: 'formal',
  },
  WECHAT_MESSAGE_TOKEN: {
    description:
      'the Token configured for message push in the mini-program console (plaintext mode, JSON), which signs subscribe_msg_sent_event receipts; empty: WeChat receipts are refused',
    parse: str,
    default: '',
    secret: true,
  },
  PAYMENT_PENDING_EXPIRY: {
    description:
      'how long a WeChat Pay / Alipay payment may stay pending (a prepay in the app, a payment code the customer never confirmed): a prepay expires at the provider then, and a minute later Bloom asks the provider and closes what is still unpaid, freeing the balance it held',
    parse: durationWithin(1000, 7 * 86_400_000),
    default: '2h',
  },
  REFUND_CHECK_INTERVAL: {
    description: 'how often Bloom asks WeChat Pay / Alipay about a refund they accepted but have not paid out yet (`processing`), until it ends `succeeded` or `failed`',
    parse: durationWithin(1000, 86_400_000),
    default: '15m',
  },
  PAYMENT_PROVIDER_TIMEOUT: {
    description: 'longest wait for one request to WeChat Pay or Alipay; a payment-code charge that times out is unknown, not failed, and is settled by querying it',
    parse: durationWithin(500, 120_000),
    default: '10s',
  },
  WECHAT_PAY_MCH_ID: {
    description: 'WeChat Pay (API v3) merchant id (商户号); empty: WeChat Pay is not configured (prepay also needs PUBLIC_BASE_URL, where its notifications go)',
    parse: str,
    default: '',
  },
  WECHAT_PAY_APP_ID: { description: 'WeChat Pay: the AppID payments are made under (the mini-program or app bound to the merchant id)', parse: str, default: '' },
  WECHAT_PAY_MCH_SERIAL_NO: { description: 'WeChat Pay: serial number of the merchant API certificate whose private key signs requests', parse: str, default: '' },
  WECHAT_PAY_MCH_PRIVATE_KEY: {
    description: 'WeChat Pay: the merchant API private key (apiclient_key.pem), PEM with newlines as \\n',
    parse: (raw: string) => parsePemKey('private', raw),
    default: '',
    secret: true,
  },
  WECHAT_PAY_API_V3_KEY: {
    description: 'WeChat Pay: the APIv3 key (32 characters) that decrypts payment notifications',
    parse: (raw: string) => (raw === '' || Buffer.byteLength(raw) === 32 ? raw : { error: 'must be exactly 32 bytes long' }),
    default: '',
    secret: true,
  },
  WECHAT_PAY_PUBLIC_KEY_ID: {
    description: 'WeChat Pay: id of the WeChat Pay public key (PUB_KEY_ID_…) or platform certificate serial that answers carry in Wechatpay-Serial',
    parse: str,
    default: '',
  },
  WECHAT_PAY_PUBLIC_KEY: {
    description: 'WeChat Pay: the WeChat Pay public key (pub_key.pem) or platform certificate, PEM, which verifies its answers and notifications',
    parse: (raw: string) => parsePemKey('public', raw),
    default: '',
  },
  WECHAT_PAY_API_BASE: { description: 'WeChat Pay API base URL', parse: url('http:', 'https:'), default: 'https://api.mch.weixin.qq.com' },
  KUAIDI100_SALT: {
    description: 'Kuaidi100 tracking push: the salt given when subscribing (its `sign` is MD5(param + salt)); empty: pushes to /v1/shipment-notifications/kuaidi100 are refused',
    parse: str,
    default: '',
    secret: true,
  },
  ALIPAY_APP_ID: { description: 'Alipay open platform APPID; empty: Alipay is not configured', parse: str, default: '' },
  ALIPAY_APP_PRIVATE_KEY: {
    description: 'Alipay: the application private key (RSA2) that signs requests, PEM or the base64 body the key tool prints',
    parse: (raw: string) => parsePemKey('private', raw),
    default: '',
    secret: true,
  },
  ALIPAY_PUBLIC_KEY: {
    description: 'Alipay: the Alipay public key (支付宝公钥, not the application public key), which verifies its answers and notifications',
    parse: (raw: string) => parsePemKey('public', raw),
    default: '',
  },
  ALIPAY_GATEWAY: { description: 'Alipay OpenAPI gateway URL', parse: url('http:', 'https:'), default: 'https://openapi.alipay.com/gateway.do' },
  ATTENDANCE_GRACE_MINUTES: {
    description: 'a clock-in this many minutes after the start of the shift is still on time; later ones count as late from the start of the shift',
    parse: int(0, 240),
    default: '5',
  },
  SHIFT_PLANNING_DAYS: {
    description: 'how many days ahead weekly shift templates are planned into shifts (so the overlap check and the roster see them); the worker extends them hourly',
    parse: int(7, 731),
    default: '120',
  },
  WAITLIST_OFFER_COUNT: {
    description: 'how many waiting customers (oldest first) are offered a freed slot at once; the first of them to accept books it',
    parse: int(1, 20),
    default: '3',
  },
  WAITLIST_OFFER_MINUTES: {
    description: 'how long a freed slot is held for the waiting customers offered it; after that it is free again and they wait for the next one',
    parse: int(1, 1440),
    default: '30',
  },
  INVENTORY_EXPIRY_SWEEP_AT: {
    description: "when each store's daily expiry sweep runs, local wall-clock HH:MM in the store's time zone: batches expiring within the store's warning days are alerted",
    parse: (raw) => (/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(raw) ? raw : { error: 'must be a time of day HH:MM such as 06:00' }),
    default: '06:00',
  },
  ORDER_CONFIRM_WINDOW: {
    description: 'how long after an order is received it must be confirmed (the default; a store sets its own per channel); past it the order is overdue',
    parse: durationWithin(1000, 90 * 86_400_000),
    default: '24h',
  },
  ORDER_SHIP_WINDOW: {
    description: 'how long after an order with goods is confirmed it must be shipped (the default; a store sets its own per channel); past it the order is overdue',
    parse: durationWithin(1000, 90 * 86_400_000),
    default: '48h',
  },
  ORDER_DEADLINE_WARNING: {
    description: "how long before an order's confirmation or shipping is due its responsible staff member is warned (0: no warning)",
    parse: durationWithin(0, 7 * 86_400_000),
    default: '2h',
  },
  ORDER_DEADLINE_ESCALATION: {
    description: "how long after an order's confirmation or shipping became overdue, still unmet, the owners are told (the second level)",
    parse: durationWithin(1000, 30 * 86_400_000),
    default: '4h',
  },
} satisfies Record<string, VariableSpec<unknown>>;

export type ConfigSchema = typeof CONFIG_SCHEMA;
export type ConfigKey = keyof ConfigSchema;
type ParsedOf<P> = P extends Parser<infer T> ? T : never;
export type AppConfigValues = { [K in ConfigKey]: ParsedOf<ConfigSchema[K]['parse']> };
export type { VariableSpec };
