import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblem } from '../openapi/api-problem.decorator.js';
import { CommonErrors, DomainError } from '../errors/domain-error.js';
import type { Db } from '../database/db.service.js';

/**
 * Optimistic concurrency for resources people edit (DESIGN §3): each carries a `version`; reads
 * answer `ETag: "<version>"`; a PATCH must send it back in `If-Match`.
 */
export function etagOf(version: number): string {
  return `"${version}"`;
}

const ETAG = /^(?:W\/)?"(\d{1,10})"$|^(\d{1,10})$/;

const EtagErrors = {
  malformed: (what: string) =>
    new DomainError('request.if_match_malformed', 400, `If-Match ${what}: send the ETag of your last read of this resource, e.g. "3" (W/"3" and 3 are accepted too).`, {
      title: 'Malformed If-Match',
    }),
};

/**
 * The version a PATCH expects, from `If-Match`. Missing → 428. Strong (`"3"`), weak (`W/"3"`) and
 * bare (`3`) forms are one version, also as a list (`"3", W/"3"`); a list of different versions
 * cannot say which read the edit is based on, and anything else is no ETag of ours: 400 saying so.
 * A well-formed version that is not the current one becomes the service's 412.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw CommonErrors.preconditionRequired();
  const parts = header.split(',').map((part) => part.trim());
  // `*` would match any version (RFC 9110), which protects no edit: ask for the real ETag.
  if (parts.includes('*')) throw CommonErrors.preconditionRequired('If-Match: * cannot protect your edit from someone else\'s: send the ETag of your last read, e.g. "3".');
  const versions = new Set<number>();
  for (const part of parts) {
    const match = ETAG.exec(part);
    if (!match) throw EtagErrors.malformed('is not an ETag of this API');
    versions.add(Number(match[1] ?? match[2]));
  }
  if (versions.size > 1) throw EtagErrors.malformed('names more than one version');
  return [...versions][0];
}

/** 412 unless the row as read is at the version the client's If-Match names (checked before any work). */
export function assertVersion(current: { version: number }, expectedVersion: number): void {
  if (current.version !== expectedVersion) throw CommonErrors.preconditionFailed();
}

export interface VersionedUpdate {
  table: string;
  id: string;
  expectedVersion: number;
  /** `[column, value]` pairs; columns are the caller's own constants, never input. */
  changes: ReadonlyArray<readonly [column: string, value: unknown]>;
  /** The RETURNING list. */
  returning: string;
  /** A further condition on the row (`status IN ('active', 'blocked')`), without parameters. */
  andWhere?: string;
  /** Runs when no row matched, before the 412: a use case that can tell a better reason throws it there. */
  onStale?: () => Promise<void>;
}

/**
 * The PATCH of a row people edit (DESIGN §3): sets `changes`, bumps `version` and `updated_at`, only
 * while the row is still at `expectedVersion`. The conditional UPDATE is the arbiter between two edits
 * sent with the same version (a read-then-compare is not): one matches, the other answers 412.
 */
export async function updateVersioned<T>(db: Db, update: VersionedUpdate): Promise<T> {
  const assignments = update.changes.map(([column], i) => `${column} = $${i + 3}, `).join('');
  const [row] = await db.rows<T>(
    `UPDATE ${update.table} SET ${assignments}version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2${update.andWhere ? ` AND ${update.andWhere}` : ''} RETURNING ${update.returning}`,
    [update.id, update.expectedVersion, ...update.changes.map(([, value]) => value)],
  );
  if (row) return row;
  await update.onStale?.();
  throw CommonErrors.preconditionFailed();
}

export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  return parseIfMatch(Array.isArray(header) ? header.join(',') : header);
});

/**
 * Sets `ETag` on every response whose body carries a numeric `version` (one resource). A Fastify
 * hook on the object about to be serialised, not a Nest interceptor: with no global interceptor,
 * Nest runs a route without building an rxjs chain.
 */
export function addEtagHook(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload: unknown, done) => {
    if (payload && typeof payload === 'object' && typeof (payload as { version?: unknown }).version === 'number') {
      void reply.header('etag', etagOf((payload as { version: number }).version));
    }
    done(null, payload);
  });
}

/** Documents the If-Match header and the 412/428 answers of a PATCH. */
export function ApiIfMatch() {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: true,
      description: 'The ETag of your last read of this resource, e.g. "3" (W/"3" and 3 are accepted too); anything else answers 400 `request.if_match_malformed`',
    }),
    ApiProblem(412, 'request.stale_version', 'The resource changed since you read it', CommonErrors.preconditionFailed()),
    ApiProblem(428, 'request.if_match_required', 'If-Match is missing', CommonErrors.preconditionRequired()),
  );
}
