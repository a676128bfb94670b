import type { FastifyInstance } from 'fastify';

/**
 * A 201 says where the new resource lives (DESIGN §4): `Location: /v1/customers/<id>` when the
 * created body has an `id` and the collection has a `GET …/:id` route. Routes that set it
 * themselves (an import's progress) keep theirs.
 */
export function addLocationHook(fastify: FastifyInstance): void {
  const readable = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('GET')) readable.add(route.url.replace(/:[^/]+$/, ':'));
  });
  fastify.addHook('preSerialization', (request, reply, payload: unknown, done) => {
    const id = reply.statusCode === 201 && payload && typeof payload === 'object' ? (payload as { id?: unknown }).id : undefined;
    if (typeof id === 'string' && !reply.hasHeader('location') && readable.has(`${request.routeOptions.url}/:`)) {
      void reply.header('location', `${request.url.split('?')[0].replace(/\/$/, '')}/${encodeURIComponent(id)}`);
    }
    done(null, payload);
  });
}
