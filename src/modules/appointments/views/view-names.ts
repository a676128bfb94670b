/**
 * The names a view of appointments shows, asked of the modules that own them (scheduling: staff and
 * resources; catalog: services; customers: the customer, their phone as the caller may see it), three
 * queries at once whatever the number of appointments.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/http/request-context.js';
import { CatalogService, type VariationName } from '../../catalog/index.js';
import { CustomersService, type CustomerCard } from '../../customers/index.js';
import { SchedulingService, type DirectoryResource, type DirectoryStaffMember } from '../../scheduling/index.js';
import type { AppointmentRecord } from '../booking/appointment-records.js';
import { toAppointmentResponse } from '../booking/dto/appointment-response.dto.js';
import type { AppointmentViewDto, CustomerCardDto, ViewSegmentDto } from './dto/view-responses.dto.js';

export interface ViewNames {
  /** With a store: its active staff and resources too, by name (an appointment book's columns). */
  staff: DirectoryStaffMember[];
  resources: DirectoryResource[];
  staffName(id: string): string;
  resourceName(id: string | null): string | null;
  variation(id: string): VariationName;
  customer(id: string): CustomerCardDto;
}

const UNKNOWN_VARIATION: VariationName = { serviceName: '?', variationName: '?' };

export function namesOf(staff: DirectoryStaffMember[], resources: DirectoryResource[], variations: Map<string, VariationName>, customers: Map<string, CustomerCard>): ViewNames {
  const staffNames = new Map(staff.map((member) => [member.staffMemberId, member.displayName]));
  const resourceNames = new Map(resources.map((resource) => [resource.resourceId, resource.name]));
  return {
    staff,
    resources,
    staffName: (id) => staffNames.get(id) ?? '?',
    resourceName: (id) => (id === null ? null : (resourceNames.get(id) ?? '?')),
    variation: (id) => variations.get(id) ?? UNKNOWN_VARIATION,
    customer: (id) => customers.get(id) ?? { id, name: '?', phone: null },
  };
}

@Injectable()
export class ViewNamesReader {
  constructor(
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(CustomersService) private readonly customers: CustomersService,
  ) {}

  /**
   * Names for these appointments as `actor` may see them (no actor: names without phones); `store` adds
   * the store's staff and resources, and whoever has a shift there in its range.
   */
  async of(records: readonly AppointmentRecord[], actor?: Actor, store?: { storeId: string; from: Date; to: Date }): Promise<ViewNames> {
    const segments = records.flatMap((record) => record.segments);
    const [directory, variations, customers] = await Promise.all([
      this.scheduling.directory({
        ...store,
        staffMemberIds: segments.map((segment) => segment.staffMemberId),
        resourceIds: segments.flatMap((segment) => (segment.resourceId ? [segment.resourceId] : [])),
      }),
      this.catalog.variationNames(segments.map((segment) => segment.variationId)),
      this.customers.cardsOf(
        records.map((record) => record.customerId),
        actor,
      ),
    ]);
    return namesOf(directory.staff, directory.resources, variations, customers);
  }
}

export function serviceLabel(name: VariationName): string {
  return name.serviceName === name.variationName ? name.serviceName : `${name.serviceName} · ${name.variationName}`;
}

/** An appointment as every view lists it: the common response with names. */
export function toAppointmentView(record: AppointmentRecord, names: ViewNames): AppointmentViewDto {
  const response = toAppointmentResponse(record);
  const segments: ViewSegmentDto[] = response.segments.map((segment) => {
    const variation = names.variation(segment.variationId);
    return {
      ...segment,
      serviceName: variation.serviceName,
      variationName: variation.variationName,
      staffName: names.staffName(segment.staffMemberId),
      resourceName: names.resourceName(segment.resourceId),
    };
  });
  return { ...response, customer: names.customer(record.customerId), segments };
}
