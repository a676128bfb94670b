/**
 * The raw baseline of the customer-search bench: bare Fastify + pg running the very SQL of
 * GET /v1/customers (the same criteria → SQL code, the same columns, one query), with no auth, no
 * validation, no privacy mapping and no logging. What remains between the two is Bloom's own cost.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { todayIn } from '../../src/common/clock/index.js';
import { criteriaConditions, SqlParams, type CustomerCriteria } from '../../src/modules/customers/search/customer-search.js';
import { CUSTOMER_COLUMNS } from '../../src/modules/customers/profile/customer-sql.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });

app.get('/ready', async () => ({ ok: true }));

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const number = (value: string | string[] | undefined) => (one(value) === undefined ? undefined : Number(one(value)));

app.get<{ Querystring: Query }>('/customers', async (request) => {
  const query = request.query;
  const criteria: CustomerCriteria = {
    q: one(query.q),
    phone: one(query.phone),
    tag: query.tag === undefined ? undefined : [query.tag].flat(),
    gender: one(query.gender) as CustomerCriteria['gender'],
    ageMin: number(query.ageMin),
    ageMax: number(query.ageMax),
  };
  for (const key of Object.keys(criteria) as Array<keyof CustomerCriteria>) if (criteria[key] === undefined) delete criteria[key];
  const params = new SqlParams();
  const where = criteriaConditions(criteria, todayIn('Asia/Shanghai', Date.now()), params);
  const { rows } = await pool.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${params.add(21)}`,
    params.values,
  );
  return { data: rows.slice(0, 20) };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
