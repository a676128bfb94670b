import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { OutboxDeliverer } from './outbox-delivery.js';
import { OutboxQueue } from './outbox-queue.js';
import { OutboxRelay } from './outbox-relay.js';
import { closeQueue, PeriodicTask, replaceQueueShutdown } from '../background/index.js';

const CONCURRENCY = 5;

/**
 * In the worker and all roles: processes the `outbox` queue and runs the relay (at boot, then
 * OUTBOX_RELAY_INTERVAL after each pass ends). An api-only process just enqueues. Shutdown stops the
 * relay and lets running deliveries finish for up to SHUTDOWN_GRACE; then it closes the queue
 * without waiting for them. A delivery cut off this way keeps its claim until the lease runs out
 * and is then sent again by another worker, with the same message id (at least once).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relayTask?: PeriodicTask;
  private closed?: Promise<boolean>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(OutboxQueue) private readonly queue: OutboxQueue,
    @Inject(OutboxDeliverer) private readonly deliverer: OutboxDeliverer,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    // @nestjs/bull's own shutdown of the queue is an unbounded close(): it would wait for a running send.
    replaceQueueShutdown(queue.queue, () => this.close());
  }

  onApplicationBootstrap(): void {
    if (this.config.BLOOM_ROLE === 'api') return;
    this.queue.process(CONCURRENCY, (id) => this.deliverer.deliver(id));
    this.relayTask = new PeriodicTask('OutboxRelay', this.config.OUTBOX_RELAY_INTERVAL, () => this.relay.relayOnce());
    this.relayTask.start();
  }

  /** Relay passes ended so far (see PeriodicTask.runs); 0 where the relay does not run. */
  get relayPasses(): number {
    return this.relayTask?.runs ?? 0;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relayTask?.stop(this.config.SHUTDOWN_GRACE);
    await this.close();
  }

  private close(): Promise<boolean> {
    return (this.closed ??= closeQueue(this.queue.queue, { graceMs: this.config.SHUTDOWN_GRACE }));
  }
}
