import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The app's Prometheus registry. One per app instance (not prom-client's global one), so several
 * apps in one process (tests) do not collide. Modules add their own gauges with `registry`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'bloom_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'bloom_' });
  }

  /** One child per (method, route, status), so a request costs a Map lookup, not a label hash. */
  private readonly httpChildren = new Map<string, { observe(value: number): void }>();

  /** Times every request by its route template (`/v1/stores/:id`), never the raw URL (unbounded labels). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let child = this.httpChildren.get(key);
      if (!child) {
        child = this.httpDuration.labels({ method: request.method, route, status: String(reply.statusCode) });
        this.httpChildren.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
      done();
    });
  }
}
