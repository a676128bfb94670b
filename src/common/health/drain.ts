import type { INestApplication } from '@nestjs/common';
import { HealthService } from './health.service.js';

/**
 * SIGTERM is how orchestrators stop a process behind a load balancer. Closing the listener at once
 * fails the requests the balancer still sends until it notices: instead readiness answers 503 at
 * once, requests are served for `drainMs` (SHUTDOWN_DRAIN) while the balancer takes the process out,
 * then the bounded graceful shutdown runs and the process exits 0. createApp leaves SIGTERM to this
 * (Nest's shutdown hooks keep the other signals: Ctrl-C stops at once).
 */
export function drainOnSigterm(app: INestApplication, drainMs: number): void {
  process.once('SIGTERM', () => {
    app.get(HealthService).startDraining();
    setTimeout(() => {
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    }, drainMs);
  });
}
