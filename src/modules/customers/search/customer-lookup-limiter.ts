import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/http/request-context.js';
import { FixedWindowLimiter } from '../../../common/redis/fixed-window-limiter.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CustomerSearchErrors } from './customer-search.errors.js';

/**
 * The brake on bulk look-ups of the customer book (DESIGN §4): CUSTOMER_LOOKUP_RATE_LIMIT searches,
 * exports and segment member pages per CUSTOMER_LOOKUP_RATE_WINDOW for each user or API key. A front
 * desk searching all day stays far below it; a script walking through the 10,000 possible last 4
 * digits does not. Without Redis the look-up is let through: what a caller may filter by is enforced
 * regardless (customer-search.ts `hiddenCriteria`), and the front desk must keep working.
 */
@Injectable()
export class CustomerLookupLimiter {
  constructor(
    @Inject(FixedWindowLimiter) private readonly limiter: FixedWindowLimiter,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts one look-up by `actor`, or throws 429 (`customer.lookups_rate_limited`, with Retry-After). */
  async take(actor: Actor): Promise<void> {
    const limit = { name: 'customer-lookup', limit: this.config.CUSTOMER_LOOKUP_RATE_LIMIT, windowMs: this.config.CUSTOMER_LOOKUP_RATE_WINDOW };
    const wait = await this.limiter.take(limit, `${actor.kind}:${actor.id}`);
    if (wait > 0) throw CustomerSearchErrors.rateLimited(wait);
  }
}
