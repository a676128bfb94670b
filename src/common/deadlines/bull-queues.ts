import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Queue } from 'bull';

function isBullQueue(value: unknown): value is Queue {
  const candidate = value as Partial<Queue> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    typeof candidate.getJobCounts === 'function' &&
    typeof candidate.addBulk === 'function'
  );
}

/** Every Bull queue the app registered (BullModule.registerQueue anywhere), for metrics and the dashboard. */
@Injectable()
export class BullQueues {
  private found?: Queue[];

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  all(): Queue[] {
    this.found ??= [
      ...new Set(
        this.discovery
          .getProviders()
          .map((wrapper) => wrapper.instance as unknown)
          .filter(isBullQueue),
      ),
    ].sort((a, b) => a.name.localeCompare(b.name));
    return this.found;
  }
}
