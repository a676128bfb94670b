import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfigValues } from '../../config/index.js';
import type { Actor } from '../http/request-context.js';

/** Raw requests carry the id Fastify assigned (configure-app's genReqId) and the caller (AuthGuard). */
export type RawRequestWithId = IncomingMessage & { bloomRequestId?: string; bloomActor?: Actor };

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
export function loggingModule(config: AppConfigValues, destination?: DestinationStream) {
  const options: Options = {
    level: config.LOG_LEVEL,
    genReqId: (req) => (req as RawRequestWithId).bloomRequestId ?? 'unknown',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    customProps: (req) => {
      const actor = (req as RawRequestWithId).bloomActor;
      return actor ? { actor: `${actor.kind}:${actor.id}` } : {};
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
  };
  return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options, forRoutes: [{ path: '*path', method: RequestMethod.ALL }] });
}
