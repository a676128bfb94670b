import type { FastifyInstance } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One spelling of every id in a path: lower case. PostgreSQL reads `ABC…` and `abc…` as the same
 * UUID, but services also compare ids as text (maps keyed by the ids a query returned), where an
 * upper-case id from the URL missed and answered 500.
 */
export function addPathIdHook(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (params) {
      for (const [name, value] of Object.entries(params)) {
        if (typeof value === 'string' && UUID.test(value)) params[name] = value.toLowerCase();
      }
    }
    done();
  });
}
