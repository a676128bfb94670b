import { Inject, Injectable } from '@nestjs/common';
import { FixedWindowLimiter } from '../../../common/redis/fixed-window-limiter.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { AppointmentErrors } from '../appointments.errors.js';

/**
 * The brake on reminder links, which anyone may call without signing in: APPOINTMENT_LINK_RATE_LIMIT
 * requests per APPOINTMENT_LINK_RATE_WINDOW from one client address (a customer taps a link once or
 * twice). Without Redis the request is let through: the signed token, not the limit, is what keeps
 * strangers out, and customers must still be able to cancel.
 */
@Injectable()
export class AppointmentLinkLimiter {
  constructor(
    @Inject(FixedWindowLimiter) private readonly limiter: FixedWindowLimiter,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Counts one request from `ip`, or throws 429 (`appointment_link.rate_limited`, with Retry-After). */
  async take(ip: string | undefined): Promise<void> {
    const limit = { name: 'appointment-link', limit: this.config.APPOINTMENT_LINK_RATE_LIMIT, windowMs: this.config.APPOINTMENT_LINK_RATE_WINDOW };
    const wait = await this.limiter.take(limit, ip ?? 'unknown');
    if (wait > 0) throw AppointmentErrors.linksRateLimited(wait);
  }
}
