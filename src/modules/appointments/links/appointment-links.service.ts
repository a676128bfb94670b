import { Inject, Injectable } from '@nestjs/common';
import { Clock, instantFormatter } from '../../../common/clock/index.js';
import { moneyOf } from '../../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CatalogService } from '../../catalog/index.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { BookingPolicies } from '../booking-policy/booking-policies.js';
import { AppointmentRecords, type AppointmentRecord } from '../booking/appointment-records.js';
import { UPCOMING_STATES, type AppointmentState } from '../booking/appointment-state.js';
import { AppointmentLifecycle } from '../lifecycle/appointment-lifecycle.service.js';
import { cancellationTerms } from '../lifecycle/cancellation-terms.js';
import type { AppointmentLinkResponseDto } from './appointment-link.dto.js';
import { LINK_PURPOSES, verifyLinkToken, type LinkClaims, type LinkPurpose } from './appointment-link-tokens.js';

/** The state each link leads to: tapping it again once there answers the appointment as it is. */
const TARGET: Record<LinkPurpose, AppointmentState> = { confirm: 'confirmed', cancel: 'cancelled' };

/**
 * What a reminder's links do, without signing in (issue 13): show the appointment, confirm it, cancel
 * it, as its customer (`by: customer`), under the same rules as at the desk (a late cancellation is
 * late). The token is the key: forged, altered or for another purpose answers 404, a genuine one past
 * its expiry 410.
 */
@Injectable()
export class AppointmentLinks {
  constructor(
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(AppointmentLifecycle) private readonly lifecycle: AppointmentLifecycle,
    @Inject(BookingPolicies) private readonly policies: BookingPolicies,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async describe(token: string): Promise<AppointmentLinkResponseDto> {
    const claims = this.verify(token, LINK_PURPOSES);
    return this.view(claims.purpose, await this.find(claims));
  }

  async confirm(token: string): Promise<AppointmentLinkResponseDto> {
    return this.act(token, 'confirm', (record) => this.lifecycle.confirm(null, record.id, asCustomer(record)));
  }

  async cancel(token: string, reason: string | null): Promise<AppointmentLinkResponseDto> {
    return this.act(token, 'cancel', (record) => this.lifecycle.cancel(null, record.id, reason, asCustomer(record)));
  }

  private async act(token: string, purpose: LinkPurpose, action: (record: AppointmentRecord) => Promise<unknown>): Promise<AppointmentLinkResponseDto> {
    const record = await this.find(this.verify(token, [purpose]));
    // A second tap finds it done: the same answer, not an error.
    if (record.status === TARGET[purpose]) return this.view(purpose, record);
    await action(record);
    return this.view(purpose, (await this.records.find(record.id))!);
  }

  /** The claims of a genuine, live token for one of `purposes`: 410 when it is genuine but expired, 404 for anything else. */
  private verify(token: string, purposes: readonly LinkPurpose[]): LinkClaims {
    const secret = this.config.JWT_SECRET;
    const now = this.clock.now();
    for (const purpose of purposes) {
      const claims = verifyLinkToken(secret, token, purpose, now);
      if (claims) return claims;
    }
    // Genuine at the dawn of time (so signed by us, for this purpose), but not now: expired.
    if (purposes.some((purpose) => verifyLinkToken(secret, token, purpose, new Date(0)))) throw AppointmentErrors.linkExpired();
    throw AppointmentErrors.linkNotFound();
  }

  private async find(claims: LinkClaims): Promise<AppointmentRecord> {
    const record = await this.records.find(claims.appointmentId);
    if (!record) throw AppointmentErrors.linkNotFound();
    return record;
  }

  private async view(purpose: LinkPurpose, record: AppointmentRecord): Promise<AppointmentLinkResponseDto> {
    const at = instantFormatter(record.timeZone);
    const [store] = await this.stores.describeStores([record.storeId]);
    const services = await Promise.all(
      record.segments.map(async (segment) => {
        const variation = await this.catalog.variationForStore(segment.variationId, record.storeId);
        return { service: variation?.serviceName ?? '', variation: variation?.variationName ?? '', start: at(segment.startsAt.getTime()), end: at(segment.endsAt.getTime()) };
      }),
    );
    const actionable = purpose === 'confirm' ? record.status === 'booked' : UPCOMING_STATES.includes(record.status);
    const terms =
      purpose === 'cancel' && actionable
        ? cancellationTerms(record.startsAt, this.clock.now(), await this.policies.forStore(record.storeId))
        : { late: record.lateCancellation, fee: record.fee };
    const address = store ? [store.address.line1, store.address.line2, store.address.district, store.address.city].filter(Boolean).join(', ') : '';
    return {
      purpose,
      number: record.number,
      status: record.status,
      start: at(record.startsAt.getTime()),
      end: at(record.endsAt.getTime()),
      timeZone: record.timeZone,
      store: { name: store?.name ?? '', address },
      services,
      actionable,
      lateCancellation: terms.late,
      fee: terms.fee ? moneyOf(terms.fee.amount, terms.fee.currency) : null,
    };
  }
}

/** The link acts as the appointment's customer, on that appointment only. */
function asCustomer(record: AppointmentRecord) {
  return { by: { type: 'customer' as const, id: record.customerId }, customerId: record.customerId };
}
