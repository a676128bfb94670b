/**
 * The path of the shortfall example that no list can give (send-examples.ts `privatePath`): the demo
 * data has no back-bar shortfall to resolve. Each call records one in the first demo store for the
 * first demo product, as back-bar consumption writes it when an appointment used more than the
 * books held, and answers the resolve path.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

export function shortfallExamplePaths(app: INestApplication): (method: string, template: string) => Promise<string> {
  const dataSource = app.get(DataSource);
  let made = 0;
  return async (method, template) => {
    const action = /^\/v1\/inventory\/shortfalls\/\{id\}(\/resolve)$/.exec(template);
    if (!action) throw new Error(`no example path for ${method.toUpperCase()} ${template}`);
    const [demo] = await dataSource.query<Array<{ storeId: string; productId: string }>>(
      `SELECT s.id AS "storeId", p.id AS "productId" FROM store s CROSS JOIN LATERAL (SELECT id FROM product ORDER BY created_at, id LIMIT 1) p ORDER BY s.created_at, s.id LIMIT 1`,
    );
    if (!demo) throw new Error('the demo data has no store and product for an example shortfall');
    const [shortfall] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO stock_shortfall (store_id, product_id, units_missing, source_key, document_type, document_id) VALUES ($1, $2, 1, $3, 'appointment', 'AP-EXAMPLE') RETURNING id`,
      [demo.storeId, demo.productId, `example:shortfall:${Date.now().toString(36)}:${made++}`],
    );
    return `/v1/inventory/shortfalls/${shortfall.id}${action[1]}`;
  };
}
