import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { AppointmentCheckouts } from '../../appointments/index.js';
import { StoresService } from '../../stores/index.js';
import { loadOrder } from '../order-rows.js';
import { OrderErrors } from '../orders.errors.js';
import { OrdersService } from '../orders.service.js';
import { buildReceipt, type Receipt } from './receipt.js';
import { receiptPayments } from './receipt-payments.js';

/** An order's receipt (issue 15): the store's details, lines with the staff who served, totals and payments, read now. */
@Injectable()
export class ReceiptService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(AppointmentCheckouts) private readonly appointments: AppointmentCheckouts,
  ) {}

  async receipt(actor: Actor, id: string): Promise<Receipt> {
    const row = await this.orders.visible(actor, id);
    const order = await loadOrder(this.db, row.id);
    const [store] = await this.stores.describeStores([row.storeId]);
    if (!store) throw OrderErrors.notFound(id);
    const staff = await this.appointments.staffNames(order.lines.flatMap((line) => (line.staffMemberId ? [line.staffMemberId] : [])));
    const a = store.address;
    const address = [a.province, a.city === a.province ? null : a.city, a.district, a.line1, a.line2].filter((part): part is string => !!part).join('');
    return buildReceipt(order, { name: store.name, address, phone: store.phone, timeZone: store.timeZone }, staff, await receiptPayments(this.db, row.id));
  }
}
