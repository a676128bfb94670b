import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../database/db.service.js';
import { IdempotencyErrors } from './idempotency.errors.js';

export interface KeyRef {
  scope: string;
  key: string;
}

export interface NewRequest extends KeyRef {
  fingerprint: string;
  method: string;
  path: string;
  requestId?: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or null for an empty body. */
  body: string | null;
}

export type Begin = { kind: 'proceed'; token: string } | ({ kind: 'replay' } & StoredResponse);

interface ExistingRow {
  fingerprint: string;
  status: 'in_flight' | 'completed';
  lock_token: string | null;
  locked: boolean;
  expired: boolean;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

const ms = (param: string) => `${param} * interval '1 millisecond'`;

/**
 * The idempotency_key rows. `begin` runs on its own (autocommit), so an in-flight key is visible to
 * concurrent requests at once; `complete` runs inside the handler's transaction, so the remembered
 * response commits with the business effect or not at all.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Claims the key for this request, or answers the replay; throws 409/422 problems. */
  async begin(request: NewRequest, options: { ttlMs: number; lockMs: number }): Promise<Begin> {
    const pool = this.db.outside; // never the caller's transaction: this row must be visible now
    const token = randomUUID();
    // A concurrent request may delete or complete the row between our statements: look again.
    for (let round = 0; round < 3; round++) {
      const inserted = await pool.rows(
        `INSERT INTO idempotency_key (scope, key, fingerprint, method, path, request_id, lock_token, locked_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + ${ms('$8')})
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [request.scope, request.key, request.fingerprint, request.method, request.path, request.requestId ?? null, token, options.lockMs],
      );
      if (inserted.length > 0) return { kind: 'proceed', token };

      const [existing] = await pool.rows<ExistingRow>(
        `SELECT fingerprint, status, lock_token, response_status, response_headers, response_body,
                locked_until > now() AS locked, created_at < now() - ${ms('$3')} AS expired
           FROM idempotency_key WHERE scope = $1 AND key = $2`,
        [request.scope, request.key, options.ttlMs],
      );
      if (!existing) continue;

      if (existing.expired) {
        // Older than the TTL but not purged yet: the key is free again.
        const taken = await pool.rows(
          `UPDATE idempotency_key
              SET fingerprint = $3, method = $4, path = $5, request_id = $6, lock_token = $7, locked_until = now() + ${ms('$8')},
                  status = 'in_flight', response_status = NULL, response_headers = NULL, response_body = NULL,
                  created_at = now(), completed_at = NULL
            WHERE scope = $1 AND key = $2 AND created_at < now() - ${ms('$9')} RETURNING key`,
          [request.scope, request.key, request.fingerprint, request.method, request.path, request.requestId ?? null, token, options.lockMs, options.ttlMs],
        );
        if (taken.length > 0) return { kind: 'proceed', token };
        continue;
      }
      if (existing.fingerprint !== request.fingerprint) throw IdempotencyErrors.keyReused();
      if (existing.status === 'completed') {
        return { kind: 'replay', status: existing.response_status!, headers: existing.response_headers ?? {}, body: existing.response_body };
      }
      if (existing.locked) throw IdempotencyErrors.inFlight(1);
      // In flight past its lock: the process running it died (or is far too slow). Take it over.
      const taken = await pool.rows(
        `UPDATE idempotency_key SET lock_token = $3, locked_until = now() + ${ms('$5')}
          WHERE scope = $1 AND key = $2 AND status = 'in_flight' AND lock_token = $4 RETURNING key`,
        [request.scope, request.key, token, existing.lock_token, options.lockMs],
      );
      if (taken.length > 0) return { kind: 'proceed', token };
    }
    throw IdempotencyErrors.inFlight(1);
  }

  /** Remembers the response, in the current transaction; false if our claim was taken over meanwhile. */
  async complete(ref: KeyRef, token: string, response: StoredResponse): Promise<boolean> {
    const rows = await this.db.rows(
      `UPDATE idempotency_key
          SET status = 'completed', response_status = $4, response_headers = $5, response_body = $6,
              completed_at = now(), lock_token = NULL, locked_until = NULL
        WHERE scope = $1 AND key = $2 AND lock_token = $3 AND status = 'in_flight' RETURNING key`,
      [ref.scope, ref.key, token, response.status, JSON.stringify(response.headers), response.body],
    );
    return rows.length > 0;
  }

  /** Forgets a key whose request failed (its transaction rolled back), so the client may retry it. */
  async release(ref: KeyRef, token: string): Promise<void> {
    await this.db.outside.execute(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND lock_token = $3 AND status = 'in_flight'`, [ref.scope, ref.key, token]);
  }
}
