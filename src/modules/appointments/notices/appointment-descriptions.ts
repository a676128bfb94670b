/**
 * An appointment in the words of a message: store name, local day and time, services and staff (as the
 * views name them), and for staff the customer's name. Read inside the change's transaction: three small
 * queries (the store, the staff, the services' names), and one more for the customer's name.
 */
import { Inject, Injectable } from '@nestjs/common';
import { formatInstant } from '../../../common/clock/index.js';
import { CatalogService } from '../../catalog/index.js';
import { NotificationRecipients } from '../../notifications/index.js';
import { SchedulingService, type DirectoryStaffMember } from '../../scheduling/index.js';
import { StoresService } from '../../stores/index.js';
import type { AppointmentRecord } from '../booking/appointment-records.js';
import { serviceLabel } from '../views/view-names.js';

/** `2027-03-22` and `14:00` in the zone. */
export function localDateTime(at: Date, timeZone: string): { date: string; time: string } {
  const local = formatInstant(at.getTime(), timeZone);
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

export interface AppointmentDescription {
  variables: { storeName: string; date: string; time: string; services: string; staff: string; number: string };
  /** Every staff member serving it, with their sign-in (null: they have none, so no in-app message). */
  staff: DirectoryStaffMember[];
}

const LIST_SEPARATOR = '、';

@Injectable()
export class AppointmentDescriptions {
  constructor(
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
  ) {}

  /** `extraStaffIds`: staff to include besides the segments' own (those serving it before a reschedule). */
  async describe(record: AppointmentRecord, extraStaffIds: readonly string[] = []): Promise<AppointmentDescription> {
    const staffIds = [...new Set([...record.segments.map((segment) => segment.staffMemberId), ...extraStaffIds])];
    // One after another: they share the change's transaction (one connection).
    const [store] = await this.stores.describeStores([record.storeId]);
    const { staff } = await this.scheduling.directory({ staffMemberIds: staffIds, resourceIds: [] });
    const variations = await this.catalog.variationNames(record.segments.map((segment) => segment.variationId));
    const displayName = new Map(staff.map((member) => [member.staffMemberId, member.displayName]));
    const inOrder = (values: Array<string | undefined>) => [...new Set(values.filter((value): value is string => !!value))].join(LIST_SEPARATOR);
    return {
      variables: {
        storeName: store?.name ?? '',
        ...localDateTime(record.startsAt, record.timeZone),
        services: inOrder(
          record.segments.map((segment) => {
            const name = variations.get(segment.variationId);
            return name && serviceLabel(name);
          }),
        ),
        staff: inOrder(record.segments.map((segment) => displayName.get(segment.staffMemberId))),
        number: record.number,
      },
      staff,
    };
  }

  /** For staff messages only: the customer hears of their own appointment without it. */
  async customerName(record: AppointmentRecord): Promise<string> {
    return (await this.recipients.customers.contacts([record.customerId])).get(record.customerId)?.name ?? '';
  }
}
