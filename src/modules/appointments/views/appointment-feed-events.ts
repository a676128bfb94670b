import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { CatalogService, type VariationName } from '../../catalog/index.js';
import { CustomersService } from '../../customers/index.js';
import { CalendarFeedSources, SchedulingService, type CalendarFeedSource, type FeedQuery, type IcsEvent } from '../../scheduling/index.js';
import { StoresService } from '../../stores/index.js';
import type { AppointmentStatus } from '../booking/appointment.entity.js';
import { serviceLabel } from './view-names.js';

/** One segment of a staff member as the feed reads it, with its appointment. */
export interface FeedSegment {
  appointmentId: string;
  position: number;
  variationId: string;
  resourceId: string | null;
  start: Date;
  end: Date;
  number: string;
  status: AppointmentStatus;
  storeId: string;
  customerId: string;
  version: number;
  updatedAt: Date;
}

export interface FeedNames {
  variation: VariationName | undefined;
  customerName: string | undefined;
  storeName: string | undefined;
  resourceName: string | undefined;
}

const WITHDRAWN: Partial<Record<AppointmentStatus, string>> = { cancelled: ' (cancelled)', no_show: ' (no-show)' };

/**
 * The event one segment is on the staff member's phone (pure): the service and the customer's name
 * (no contact data: phones keep what they are given), busy time; a cancelled appointment or a no-show
 * is CANCELLED, so a phone that showed it drops it. The UID is the appointment and the segment's
 * position, so a reschedule updates the same event (SEQUENCE is the appointment's version).
 */
export function appointmentFeedEvent(segment: FeedSegment, names: FeedNames): IcsEvent {
  const withdrawn = WITHDRAWN[segment.status];
  const service = names.variation ? serviceLabel(names.variation) : 'Appointment';
  const customer = names.customerName ? ` · ${names.customerName}` : '';
  const description = [`Appointment ${segment.number}`, names.resourceName ? `Room or chair: ${names.resourceName}` : null].filter((line) => line !== null).join('\n');
  return {
    uid: `appointment-${segment.appointmentId}-${segment.position}@bloom`,
    start: segment.start,
    end: segment.end,
    summary: `${service}${customer}${withdrawn ?? ''}`,
    location: names.storeName ?? null,
    description,
    status: withdrawn ? 'CANCELLED' : 'CONFIRMED',
    transparency: withdrawn ? 'TRANSPARENT' : 'OPAQUE',
    sequence: segment.version,
    lastModified: segment.updatedAt,
    categories: ['Appointment'],
  };
}

/**
 * The staff member's appointments in the feed's window, one event per segment they serve: live ones,
 * and cancelled ones and no-shows changed within the window (so phones drop them), like time off.
 */
@Injectable()
export class AppointmentFeedSource implements CalendarFeedSource, OnModuleInit {
  readonly name = 'appointments';

  constructor(
    @Inject(CalendarFeedSources) private readonly sources: CalendarFeedSources,
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async events({ staffMemberId, from, to }: FeedQuery): Promise<IcsEvent[]> {
    const segments = await this.db.rows<FeedSegment>(
      `SELECT b.appointment_id AS "appointmentId", b.position, b.variation_id AS "variationId", b.resource_id AS "resourceId", b.starts_at AS start, b.ends_at AS "end",
              a.number, a.status, a.store_id AS "storeId", a.customer_id AS "customerId", a.version, a.updated_at AS "updatedAt"
         FROM booking_segment b JOIN appointment a ON a.id = b.appointment_id
        WHERE b.staff_member_id = $1 AND b.starts_at < $3 AND b.ends_at > $2
          AND (a.status NOT IN ('cancelled', 'no_show') OR a.updated_at >= $2)
        ORDER BY b.starts_at, b.appointment_id, b.position`,
      [staffMemberId, from, to],
    );
    if (segments.length === 0) return [];
    const [variations, customers, stores, directory] = await Promise.all([
      this.catalog.variationNames(segments.map((segment) => segment.variationId)),
      this.customers.cardsOf(segments.map((segment) => segment.customerId)),
      this.stores.describeStores(segments.map((segment) => segment.storeId)),
      this.scheduling.directory({ staffMemberIds: [], resourceIds: segments.flatMap((segment) => (segment.resourceId ? [segment.resourceId] : [])) }),
    ]);
    const storeNames = new Map(stores.map((store) => [store.id, store.name]));
    const resourceNames = new Map(directory.resources.map((resource) => [resource.resourceId, resource.name]));
    return segments.map((segment) =>
      appointmentFeedEvent(segment, {
        variation: variations.get(segment.variationId),
        customerName: customers.get(segment.customerId)?.name,
        storeName: storeNames.get(segment.storeId),
        resourceName: segment.resourceId ? resourceNames.get(segment.resourceId) : undefined,
      }),
    );
  }
}
