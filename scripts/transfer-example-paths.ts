/**
 * The path of the transfer example that no list can give (send-examples.ts `privatePath`): receiving
 * needs a transfer that has shipped, and shipping needs stock at the source, which the demo data does
 * not hold. Each call brings six pieces of the first demo product into the first demo store, asks for them to
 * be sent to the second, approves and ships them as the demo owner, and answers the receive path.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../src/common/http/request-context.js';
import { CatalogService } from '../src/modules/catalog/index.js';
import { StockMovements, unitsPerPiece } from '../src/modules/inventory/index.js';
import { TransfersService } from '../src/modules/inventory/transfers/transfers.service.js';

export function transferExamplePaths(app: INestApplication): (method: string, template: string) => Promise<string> {
  const dataSource = app.get(DataSource);
  let made = 0;
  return async (method, template) => {
    const action = /^\/v1\/transfers\/\{id\}(\/receive)$/.exec(template);
    if (!action) throw new Error(`no example path for ${method.toUpperCase()} ${template}`);
    const stores = await dataSource.query<Array<{ id: string }>>('SELECT id FROM store ORDER BY created_at, id LIMIT 2');
    const [product] = await dataSource.query<Array<{ id: string }>>('SELECT id FROM product ORDER BY created_at, id LIMIT 1');
    const [owner] = await dataSource.query<Array<{ id: string }>>(`SELECT id FROM staff_user WHERE role = 'owner' ORDER BY created_at, id LIMIT 1`);
    if (stores.length < 2 || !product || !owner) throw new Error('the demo data has no two stores, product and owner for an example transfer');
    const actor: Actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    const [from, to] = stores.map((store) => store.id);
    const perPiece = unitsPerPiece((await app.get(CatalogService).productForStore(product.id, from))!);
    await app.get(StockMovements).bringIn(
      actor,
      { type: 'system', id: null },
      {
        storeId: from,
        productId: product.id,
        units: 6 * perPiece,
        kind: 'receipt',
        unitCostAmount: 1000,
        sourceKey: `example:transfer:${Date.now().toString(36)}:${made++}`,
      },
    );
    const transfers = app.get(TransfersService);
    const transfer = await transfers.create(actor, { fromStoreId: from, toStoreId: to, lines: [{ productId: product.id, quantity: 6 }] });
    await transfers.approve(actor, transfer.id);
    await transfers.ship(actor, transfer.id);
    return `/v1/transfers/${transfer.id}${action[1]}`;
  };
}
