/**
 * What the order scenarios share: two stores for the app and two for the baseline, 200 retail products
 * priced in the catalog, 500 customers and an owner, and the bare-`pg` helpers the baselines use.
 */
import type pg from 'pg';

export const ORDER_PRODUCTS = 200;

export interface OrderSeed {
  appStores: string[];
  baseStores: string[];
  productIds: string[];
  customerIds: string[];
  ownerId: string;
}

export async function seedOrders(client: pg.Client, code: string): Promise<OrderSeed> {
  const { rows: stores } = await client.query<{ id: string }>(
    `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
     SELECT $1 || g, 'Bench store ' || g, 'Asia/Shanghai', '{"line1":"1 Nanjing West Road","city":"Shanghai","country":"CN"}', '+862162881234',
            (SELECT jsonb_object_agg(day, '[{"open":"09:00","close":"21:00"}]'::jsonb) FROM unnest(ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday']) AS day)
       FROM generate_series(1, 4) AS g ORDER BY g RETURNING id`,
    [code],
  );
  const { rows: products } = await client.query<{ id: string }>(
    `INSERT INTO product (sku, name, category, size, unit, use, cost_amount, sale_amount, currency)
     SELECT 'BENCH-' || g, 'Bench serum 精华 ' || g, 'skin care', 1, 'pcs', 'retail', 5000, 12800, 'CNY' FROM generate_series(1, $1::int) AS g RETURNING id`,
    [ORDER_PRODUCTS],
  );
  const { rows: customers } = await client.query<{ id: string }>(
    `INSERT INTO customer (name, phone) SELECT 'Customer ' || g, '+8613900' || lpad(g::text, 6, '0') FROM generate_series(1, 500) AS g RETURNING id`,
  );
  const {
    rows: [owner],
  } = await client.query<{ id: string }>(
    `INSERT INTO staff_user (name, email, role, password_hash) VALUES ('Bench owner', 'bench-owner@bloom.example', 'owner', 'x') RETURNING id`,
  );
  return {
    appStores: stores.slice(0, 2).map((s) => s.id),
    baseStores: stores.slice(2).map((s) => s.id),
    productIds: products.map((p) => p.id),
    customerIds: customers.map((c) => c.id),
    ownerId: owner.id,
  };
}

/** The two product lines of the n-th order: products far apart, so concurrent orders rarely share a level. */
export function linesOf(productIds: string[], n: number): { productId: string; quantity: number }[] {
  return [
    { productId: productIds[(n * 7) % productIds.length], quantity: 1 },
    { productId: productIds[(n * 7 + 101) % productIds.length], quantity: 2 },
  ];
}

/** Runs `work` in one committed transaction on a pooled connection, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (connection: pg.PoolClient) => Promise<T>): Promise<T> {
  const connection = await pool.connect();
  try {
    await connection.query('BEGIN');
    const result = await work(connection);
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK');
    throw error;
  } finally {
    connection.release();
  }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
