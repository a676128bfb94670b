/**
 * The raw baseline of DESIGN §7: bare Fastify + pg, reading one store by primary key, the same
 * query and columns as GET /v1/stores/{id}. No auth, no validation, no logging.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
const app = Fastify({ logger: false });

app.get('/ready', async () => ({ ok: true }));

app.get<{ Params: { id: string } }>('/stores/:id', async (request, reply) => {
  const { rows } = await pool.query('SELECT * FROM store WHERE id = $1', [request.params.id]);
  if (rows.length === 0) return reply.code(404).send({ status: 404 });
  return rows[0];
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
