import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfigValues } from '../../config/index.js';
import { RequestContexts } from '../http/request-context.js';

/** Raw requests carry the id Fastify assigned (see configure-app's genReqId). */
export type RawRequestWithId = IncomingMessage & { bloomRequestId?: string };

/** Paths pino must never print: credentials, tokens and personal data. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.phone',
  '*.email',
];

/** JSON logs, one line per request with its id and caller; bodies are never logged. */
export function loggingModule(config: AppConfigValues) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (req) => (req as RawRequestWithId).bloomRequestId ?? 'unknown',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      customProps: () => {
        const actor = RequestContexts.actor();
        return actor ? { actor: `${actor.kind}:${actor.id}` } : {};
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
    },
  });
}
