/**
 * The path of the shipment-exception example that no list can give (send-examples.ts `privatePath`):
 * no carrier reported a parcel gone wrong in the demo data. Each call opens one, as a carrier's
 * `exception` event does, on the newest parcel (the `POST /v1/shipments` example's), and answers the
 * resolve path.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

export function shipmentExamplePaths(app: INestApplication): (method: string, template: string) => Promise<string> {
  const dataSource = app.get(DataSource);
  return async (method, template) => {
    const action = /^\/v1\/shipment-exceptions\/\{id\}(\/resolve)$/.exec(template);
    if (!action) throw new Error(`no example path for ${method.toUpperCase()} ${template}`);
    const [parcel] = await dataSource.query<Array<{ id: string }>>('SELECT id FROM shipment ORDER BY created_at DESC, id LIMIT 1');
    if (!parcel) throw new Error('no parcel to open an example exception on (the POST /v1/shipments example comes first)');
    // One open exception per parcel and kind: a second call finds the first one still open, or opens a new one once it is resolved.
    const [exception] = await dataSource.query<Array<{ id: string }>>(
      `WITH opened AS (
         INSERT INTO shipment_exception (shipment_id, order_id, store_id, kind, description)
         SELECT id, order_id, store_id, 'delayed', '快件延误 Parcel delayed' FROM shipment WHERE id = $1
         ON CONFLICT (shipment_id, kind) WHERE resolved_at IS NULL DO NOTHING RETURNING id)
       SELECT id FROM opened UNION ALL SELECT id FROM shipment_exception WHERE shipment_id = $1 AND kind = 'delayed' AND resolved_at IS NULL LIMIT 1`,
      [parcel.id],
    );
    return `/v1/shipment-exceptions/${exception.id}${action[1]}`;
  };
}
