import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { VariationForStore } from '../../catalog/index.js';
import { SchedulingService } from '../../scheduling/index.js';
import type { BookingPolicyValues } from '../booking-policy/booking-policy.js';
import type { AvailabilityProblem } from './availability-model.js';

export interface AvailabilityQuery {
  storeId: string;
  /** In the order the customer has them (sequential), or at once (parallel). */
  variationIds: string[];
  mode: 'sequential' | 'parallel';
  /** Starts wanted in `[from, to)`. */
  from: Date;
  to: Date;
  /** Only these staff (a customer asking for Tony). */
  staffMemberIds?: string[];
  /** Only staff of this level. */
  levelId?: string;
  /** A customer booking themselves: only services and staff bookable online. */
  online: boolean;
  /** Their preferred staff are proposed first. */
  customerId?: string;
}

export interface LoadedAvailability {
  problem: AvailabilityProblem;
  policy: BookingPolicyValues;
  /** The variations as the store sells them, in the order asked (null: no such variation). */
  variations: Array<VariationForStore | null>;
}

/**
 * Everything an availability search (and a booking's re-check) needs, for one store: at most five
 * queries for one service (the catalog's, the qualified staff, their working time within opening hours,
 * the resources of its type, and appointments' own: policy, busy segments and live holds, daily counts).
 * Being written (issue 13, inputs part).
 */
@Injectable()
export class AvailabilityInputs {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
  ) {}

  async load(query: AvailabilityQuery, now: Date): Promise<LoadedAvailability> {
    void [this.db, this.scheduling, query, now];
    throw new Error('AvailabilityInputs.load: being written');
  }
}
