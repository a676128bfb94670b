/**
 * The paths of the order action examples (send-examples.ts `privatePath`): each action needs an order
 * in the state it starts from, and the goods path needs stock the demo data does not hold. Each call
 * takes a fresh order in the first demo store as the demo owner (a service order for confirm, start,
 * schedule, serve and complete; a product order, with a piece brought into stock, for the goods path,
 * the discount, the cancellation and payments; for a refund, paid in cash first; for a payment to call off, a
 * cash-on-delivery payment of it), moves it to that state and answers the action's path.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../src/common/http/request-context.js';
import { CatalogService } from '../src/modules/catalog/index.js';
import { StockMovements, unitsPerPiece } from '../src/modules/inventory/index.js';
import { OrderLifecycle } from '../src/modules/orders/order-lifecycle.service.js';
import { OrdersService } from '../src/modules/orders/orders.service.js';
import { OrderPaymentsService } from '../src/modules/orders/payments/order-payments.service.js';
import { ShipmentsService } from '../src/modules/orders/shipments/shipments.service.js';

type Step = 'confirm' | 'start' | 'pick' | 'pack' | 'ship' | 'schedule' | 'serve';
const GOODS: Step[] = ['confirm', 'start', 'pick', 'pack', 'ship'];
const SERVICE: Step[] = ['confirm', 'start', 'schedule', 'serve'];

/** Per action: a service or product order, and the steps before it. */
const BEFORE: Record<string, { kind: 'service' | 'product'; steps: Step[] }> = {
  confirm: { kind: 'service', steps: [] },
  start: { kind: 'service', steps: SERVICE.slice(0, 1) },
  schedule: { kind: 'service', steps: SERVICE.slice(0, 2) },
  serve: { kind: 'service', steps: SERVICE.slice(0, 3) },
  complete: { kind: 'service', steps: SERVICE },
  discount: { kind: 'product', steps: [] },
  cancel: { kind: 'product', steps: [] },
  pick: { kind: 'product', steps: GOODS.slice(0, 2) },
  pack: { kind: 'product', steps: GOODS.slice(0, 3) },
  ship: { kind: 'product', steps: GOODS.slice(0, 4) },
  deliver: { kind: 'product', steps: GOODS },
  payments: { kind: 'product', steps: [] },
  // A refund needs a payment to come from: the order is paid in cash first.
  refunds: { kind: 'product', steps: [] },
  // A payment to call off: cash on delivery, pending until the courier collects it.
  cancelPayment: { kind: 'product', steps: [] },
};

export function orderExamplePaths(app: INestApplication): (method: string, template: string) => Promise<string> {
  const dataSource = app.get(DataSource);
  let made = 0;
  return async (method, template) => {
    const action = /^\/v1\/orders\/\{id\}\/([a-z]+)$/.exec(template) ?? (/^\/v1\/orders\/\{id\}\/payments\/\{paymentId\}\/cancel$/.test(template) ? ['', 'cancelPayment'] : null);
    const plan = action ? BEFORE[action[1]] : undefined;
    if (!action || !plan) throw new Error(`no example path for ${method.toUpperCase()} ${template}`);
    const [demo] = await dataSource.query<Array<{ storeId: string; customerId: string; ownerId: string }>>(
      `SELECT (SELECT id FROM store ORDER BY created_at, id LIMIT 1) AS "storeId",
              (SELECT id FROM customer WHERE status = 'active' ORDER BY created_at, id LIMIT 1) AS "customerId",
              (SELECT id FROM staff_user WHERE role = 'owner' ORDER BY created_at, id LIMIT 1) AS "ownerId"`,
    );
    if (!demo?.storeId || !demo.customerId || !demo.ownerId) throw new Error('the demo data has no store, customer and owner for an example order');
    const actor: Actor = { kind: 'user', id: demo.ownerId, role: 'owner', storeIds: 'all' };
    const catalog = app.get(CatalogService);
    let line: { productId?: string; variationId?: string };
    if (plan.kind === 'product') {
      const products = await dataSource.query<Array<{ id: string }>>(`SELECT id FROM product WHERE status = 'active' AND use <> 'professional' ORDER BY created_at, id`);
      const product = products.length ? await catalog.productForStore(products[0].id, demo.storeId) : null;
      if (!product) throw new Error('the demo data sells no product for an example order');
      await app.get(StockMovements).bringIn(
        actor,
        { type: 'system', id: null },
        {
          storeId: demo.storeId,
          productId: product.productId,
          units: unitsPerPiece(product),
          kind: 'receipt',
          unitCostAmount: 1000,
          sourceKey: `example:order:${Date.now().toString(36)}:${made++}`,
        },
      );
      line = { productId: product.productId };
    } else {
      const variations = await dataSource.query<Array<{ id: string }>>('SELECT id FROM service_variation ORDER BY created_at, id');
      let sellable: string | undefined;
      for (const { id } of variations) if (!sellable && (await catalog.variationForStore(id, demo.storeId))?.sellable) sellable = id;
      if (!sellable) throw new Error('the demo data sells no service for an example order');
      line = { variationId: sellable };
    }
    const { order } = await app.get(OrdersService).create(actor, { storeId: demo.storeId, channel: 'phone', customerId: demo.customerId, lines: [{ ...line, quantity: 1 }] });
    const lifecycle = app.get(OrderLifecycle);
    for (const step of plan.steps) {
      if (step === 'confirm') await lifecycle.confirm(actor, order.id);
      else if (step === 'ship') await app.get(ShipmentsService).shipOrder(actor, order.id, {});
      else if (step === 'schedule') {
        const [appointment] = await dataSource.query<Array<{ id: string }>>('SELECT id FROM appointment ORDER BY created_at, id LIMIT 1');
        if (!appointment) throw new Error('the demo data has no appointment to schedule an example order as');
        await lifecycle.schedule(actor, order.id, appointment.id);
      } else await lifecycle.advance(actor, order.id, ({ start: 'in_progress', pick: 'picked', pack: 'packed', serve: 'served' } as const)[step]);
    }
    if (action[1] === 'refunds') await app.get(OrderPaymentsService).create(actor, order.id, { method: 'cash', amount: order.balanceDue }, undefined);
    if (action[1] === 'cancelPayment') {
      const cod = await app.get(OrderPaymentsService).create(actor, order.id, { method: 'cod', amount: order.balanceDue }, undefined);
      return `/v1/orders/${order.id}/payments/${cod.id}/cancel`;
    }
    return `/v1/orders/${order.id}/${action[1]}`;
  };
}
