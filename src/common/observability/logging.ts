import type { FastifyInstance } from 'fastify';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfigValues } from '../../config/index.js';
import { RequestContexts, type Actor } from '../http/request-context.js';

/** The app's loggers, as a provider (configureApp hooks the request line onto `requests`). */
export const LOGGERS = Symbol('LOGGERS');

/** Defence in depth for application log lines: keys whose values are never printed. */
export const REDACTED_PATHS = ['*.password', '*.refreshToken', '*.accessToken', '*.token', '*.secret', '*.key', '*.phone', '*.mobile', '*.email', '*.address', '*.birthday'];

/** Paths whose requests are not logged: probes and scrapes would drown the log. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Nest's start-up chatter: a line per module and per route (about 130), which buries what matters
 * (the dev banner, a warning). Logged at debug instead of info; LOG_LEVEL=debug shows it again.
 */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * Errors are logged with their type, message, stack and codes only: driver errors also carry the
 * query's parameters and the row's values (`Key (email)=(…) already exists`), which are personal data.
 */
export function errorSerializer(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: typeof error === 'string' ? error : 'non-error thrown' };
  const { code, constraint, status } = error as Error & { code?: unknown; constraint?: unknown; status?: unknown };
  // PostgreSQL quotes the refused value at the end of some messages (`invalid input syntax for type uuid: "…"`).
  const message = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? error.message.replace(/:\s*".*"$/s, ': "[redacted]"') : error.message;
  const stack = error.stack?.replace(error.message, message);
  return { type: error.name, message, stack, code, constraint, status };
}

/** The app's loggers: `root` behind Nest's Logger, `requests` for the per-request line. Same output. */
export interface Loggers {
  root: Logger;
  requests: Logger;
}

/**
 * JSON lines, to standard output or `destination`. `root` redacts secret-looking keys and adds the
 * request id of the request being served; `requests` writes only fields Bloom chose (no redaction
 * pass needed, which matters at thousands of lines a second).
 */
export function createLoggers(config: AppConfigValues, destination?: DestinationStream): Loggers {
  const output = destination ?? pino.destination({ dest: 1, sync: false });
  const base = { pid: process.pid, role: config.BLOOM_ROLE };
  const root = pino(
    {
      level: config.LOG_LEVEL,
      base,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: errorSerializer },
      hooks: {
        logMethod(args, method, level) {
          const first = args[0] as { context?: unknown } | undefined;
          if (level === 30 && typeof first === 'object' && BOOT_CONTEXTS.has(first?.context as string)) {
            this.debug(...(args as [object, string]));
            return;
          }
          method.apply(this, args);
        },
      },
      mixin: () => {
        const requestId = RequestContexts.requestId();
        return requestId ? { requestId } : {};
      },
    },
    output,
  );
  return { root, requests: pino({ level: config.LOG_LEVEL, base }, output) };
}

/**
 * nestjs-pino makes `loggers.root` the logger behind Nest's Logger. Its per-request HTTP middleware is not
 * used (no routes): the request line is written by a Fastify hook instead (logRequests), which costs a
 * fraction of a middleware that builds a child logger per request.
 */
export function loggingModule(loggers: Loggers): DynamicModule {
  const nestPino = LoggerModule.forRoot({ pinoHttp: { logger: loggers.root, autoLogging: false, quietReqLogger: true }, forRoutes: [] });
  return { module: LoggingModule, global: true, imports: [nestPino], providers: [{ provide: LOGGERS, useValue: loggers }], exports: [LOGGERS, nestPino] };
}

@Module({})
class LoggingModule {}

/** One line per request: id, method, path (never the query string), status, duration, caller. */
export function logRequests(fastify: FastifyInstance, { requests }: Loggers): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (!QUIET_PATHS.has(path)) {
      const status = reply.statusCode;
      const actor = (request as { actor?: Actor }).actor;
      requests[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'](
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
