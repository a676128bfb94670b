import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { OutboxDeliverer } from './outbox-delivery.js';
import { OutboxQueue } from './outbox-queue.js';
import { OutboxRelay } from './outbox-relay.js';
import { PeriodicTask } from '../background/index.js';

const CONCURRENCY = 5;

/**
 * In the worker and all roles: processes the `outbox` queue and runs the relay (at boot, then every
 * OUTBOX_RELAY_INTERVAL). An api-only process just enqueues. Shutdown stops the relay and lets
 * running deliveries finish before the database closes.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relayTask?: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(OutboxQueue) private readonly queue: OutboxQueue,
    @Inject(OutboxDeliverer) private readonly deliverer: OutboxDeliverer,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.BLOOM_ROLE === 'api') return;
    this.queue.process(CONCURRENCY, (id) => this.deliverer.deliver(id));
    this.relayTask = new PeriodicTask('OutboxRelay', this.config.OUTBOX_RELAY_INTERVAL, () => this.relay.relayOnce());
    this.relayTask.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relayTask?.stop();
    // Bull's close waits for running jobs; do not wait longer than the grace period.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.SHUTDOWN_GRACE)));
    await Promise.race([this.queue.queue.close(), grace]).finally(() => clearTimeout(timer));
  }
}
