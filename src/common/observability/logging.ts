import type { FastifyInstance } from 'fastify';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfigValues } from '../../config/index.js';
import { RequestContexts, type Actor } from '../http/request-context.js';

/** The app's root pino logger, as a provider (configureApp hooks the request line onto it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Defence in depth for application log lines: keys whose values are never printed. */
export const REDACTED_PATHS = ['*.password', '*.refreshToken', '*.accessToken', '*.token', '*.secret', '*.key', '*.phone', '*.email'];

/** Paths whose requests are not logged: probes and scrapes would drown the log. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Errors are logged with their type, message, stack and codes only: driver errors also carry the
 * query's parameters and the row's values (`Key (email)=(…) already exists`), which are personal data.
 */
function errorSerializer(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, constraint, status } = error as Error & { code?: unknown; constraint?: unknown; status?: unknown };
  return { type: error.name, message: error.message, stack: error.stack, code, constraint, status };
}

/** The one pino logger of the app: JSON lines, with the request id of the request being served. */
export function createRootLogger(config: AppConfigValues, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { pid: process.pid, role: config.BLOOM_ROLE },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: errorSerializer },
      mixin: () => {
        const requestId = RequestContexts.requestId();
        return requestId ? { requestId } : {};
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * nestjs-pino makes `root` the logger behind Nest's Logger. Its per-request HTTP middleware is not
 * used (no routes): the request line is written by a Fastify hook instead (logRequests), which costs a
 * fraction of a middleware that builds a child logger per request.
 */
export function loggingModule(root: Logger): DynamicModule {
  const nestPino = LoggerModule.forRoot({ pinoHttp: { logger: root, autoLogging: false, quietReqLogger: true }, forRoutes: [] });
  return { module: LoggingModule, global: true, imports: [nestPino], providers: [{ provide: ROOT_LOGGER, useValue: root }], exports: [ROOT_LOGGER, nestPino] };
}

@Module({})
class LoggingModule {}

/** One line per request: id, method, path (never the query string), status, duration, caller. */
export function logRequests(fastify: FastifyInstance, root: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (!QUIET_PATHS.has(path)) {
      const status = reply.statusCode;
      const actor = (request as { actor?: Actor }).actor;
      root[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'](
        {
          req: { id: request.id, method: request.method, url: path },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 10) / 10,
          actor: actor ? `${actor.kind}:${actor.id}` : undefined,
        },
        'request completed',
      );
    }
    done();
  });
}
