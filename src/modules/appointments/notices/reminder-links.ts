import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import type { AppointmentRecord } from '../booking/appointment-records.js';
import { signLinkToken, type LinkPurpose } from '../links/appointment-link-tokens.js';

/**
 * The links in a reminder by which the customer confirms or cancels without signing in:
 * `<APPOINTMENT_LINK_BASE_URL>/<token>/confirm|cancel`, each token good for its one purpose until the
 * appointment ends (the lifecycle part serves `/v1/appointment-links/{token}/…`).
 */
@Injectable()
export class ReminderLinks {
  private readonly base: string;

  constructor(@InjectConfig() private readonly config: AppConfigValues) {
    const configured = config.APPOINTMENT_LINK_BASE_URL || `${config.PUBLIC_BASE_URL || 'http://localhost:3000'}/v1/appointment-links`;
    this.base = configured.replace(/\/+$/, '');
  }

  linksFor(record: AppointmentRecord): { confirmUrl: string; cancelUrl: string } {
    const url = (purpose: LinkPurpose) => `${this.base}/${signLinkToken(this.config.JWT_SECRET, { appointmentId: record.id, purpose, expiresAt: record.endsAt })}/${purpose}`;
    return { confirmUrl: url('confirm'), cancelUrl: url('cancel') };
  }
}
