import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientErrorProblem, createValidationPipe, sendProblem, toProblem } from './common/errors/index.js';
import { addEtagHook } from './common/http/etag.js';
import { addLocationHook } from './common/http/location.js';
import { addBodyParsers } from './common/http/request-body.js';
import { addPathIdHook } from './common/http/path-ids.js';
import { RequestContexts } from './common/http/request-context.js';
import { LOGGERS, logRequests } from './common/observability/logging.js';
import { setupOpenApi } from './openapi.js';
import { mountQueueDashboard } from './common/deadlines/queue-dashboard.js';
import { MetricsService } from './common/observability/metrics.service.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the HTTP application exactly as production runs it. main.ts, worker.ts, the e2e tests
 * and the benchmarks all come through here, so what is tested is what runs.
 */
export async function createApp(options: AppModuleOptions & { logger?: boolean }): Promise<NestFastifyApplication> {
  const { config } = options;
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    logger: false,
    // Honour a caller's X-Request-Id when it is sane, so one id follows a request across systems.
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Errors Fastify raises before routing (a bad %-escape, a path parameter over 100 characters) are problems too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const { problem } = toProblem(error, request.url.split('?')[0]);
      void reply.header('x-request-id', request.id);
      sendProblem(reply, { ...problem, requestId: request.id });
    },
    // Node's HTTP parser refuses some requests (headers too large, malformed) before there is a request to answer.
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
      const problem = clientErrorProblem(error);
      const body = JSON.stringify(problem);
      socket.end(
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  // Bodies are parsed by Bloom's own parsers (request-body.ts), not Nest's JSON and form parsers.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureApp(app);
  await setupOpenApi(app, config);
  await mountQueueDashboard(app);
  // Every signal Nest knows but SIGTERM, which main.ts turns into a drain first (common/health/drain.ts).
  app.enableShutdownHooks(Object.values(ShutdownSignal).filter((signal) => signal !== ShutdownSignal.SIGTERM));
  return app;
}

export function configureApp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Everything below the hook runs inside this request's context (request id, later the actor).
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    RequestContexts.run({ requestId: request.id, ip: request.ip }, done);
  });
  addBodyParsers(fastify);
  addEtagHook(fastify);
  addLocationHook(fastify);
  addPathIdHook(fastify);
  app.get(MetricsService).instrument(fastify);
  logRequests(fastify, app.get(LOGGERS));
  app.useGlobalPipes(createValidationPipe());
}
