import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { CatalogService } from '../../catalog/index.js';
import { SchedulingService } from '../../scheduling/index.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import type { BookingMenuResponseDto, BookingStaffResponseDto } from './dto/booking-menu.dto.js';

/** What a customers' app shows before booking: the menu bookable online and the staff customers may pick, of one store. */
@Injectable()
export class BookingMenuService {
  constructor(
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  async menu(actor: Actor, storeId: string): Promise<BookingMenuResponseDto> {
    const store = await this.visibleStore(actor, storeId);
    return { storeId: store, services: await this.catalog.bookableMenu(store) };
  }

  async staff(actor: Actor, storeId: string): Promise<BookingStaffResponseDto> {
    const store = await this.visibleStore(actor, storeId);
    return { storeId: store, staff: await this.scheduling.staffShownOnline(store) };
  }

  /** Another store than the key's, or none, answers 404 as an unknown id does. */
  private async visibleStore(actor: Actor, storeId: string): Promise<string> {
    const id = storeId.toLowerCase();
    if (!canSeeStore(actor, id) || (await this.stores.describeStores([id])).length === 0) throw AppointmentErrors.storeNotFound(storeId);
    return id;
  }
}
