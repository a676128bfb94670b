import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthErrors } from '../auth/auth.errors.js';
import { AUTHENTICATOR, type Authenticator } from '../auth/authenticator.js';
import { DomainError } from '../errors/domain-error.js';
import { sendProblem, toProblem } from '../errors/problem.filter.js';
import { BullQueues } from './bull-queues.js';
import { DashboardSessions, DASHBOARD_COOKIE, DASHBOARD_PATH, readCookie } from './dashboard-session.js';
import { QueueDashboardErrors } from './deadlines.errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Decides whether a request may reach the dashboard: an owner's access token (Bearer), or the
 * dashboard session cookie an owner opened (see DashboardSessions). Anything else is a problem:
 * 401 without valid credentials, 403 for other roles and for API keys.
 */
export async function dashboardAccess(request: FastifyRequest, authenticator: Authenticator, sessions: DashboardSessions): Promise<DomainError | undefined> {
  const { authorization } = request.headers;
  if (typeof authorization === 'string' && authorization.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await authenticator.verifyBearer(match[1]) : undefined;
    if (!actor) return AuthErrors.invalidCredentials();
    if (actor.kind !== 'user') return AuthErrors.apiKeysNotAllowed();
    return actor.role === 'owner' ? undefined : AuthErrors.forbiddenRole(actor.role);
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) {
    return (await authenticator.verifyApiKey(apiKey)) ? AuthErrors.apiKeysNotAllowed() : AuthErrors.invalidCredentials();
  }
  const session = readCookie(request.headers.cookie, DASHBOARD_COOKIE);
  if (session) {
    if (!sessions.verify(session)) return AuthErrors.invalidCredentials();
    // SameSite=Strict already keeps the cookie off cross-site requests; refuse them explicitly too.
    const site = request.headers['sec-fetch-site'];
    if (!SAFE_METHODS.has(request.method) && typeof site === 'string' && site !== 'same-origin') return QueueDashboardErrors.crossSite();
    return undefined;
  }
  return QueueDashboardErrors.unauthenticated();
}

/** Serves Bull Board for every Bull queue of the app at /admin/queues, to owners only. */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const queues = app.get(BullQueues).all();
  const authenticator = app.get<Authenticator>(AUTHENTICATOR);
  const sessions = app.get(DashboardSessions);

  const board = new FastifyAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Bloom queues' } },
  });

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const refusal = await dashboardAccess(request, authenticator, sessions);
      if (!refusal) return;
      const { problem, headers } = toProblem(refusal, request.url.split('?')[0]);
      sendProblem(reply, problem, headers);
      return reply;
    });
    await scope.register(board.registerPlugin(), { prefix: DASHBOARD_PATH });
  });
}
