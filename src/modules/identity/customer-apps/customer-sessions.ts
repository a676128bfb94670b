import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { Actor, AppChannel } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { hashSecret, randomSecret } from '../token.service.js';

/** Customer session tokens start with this: no JWT (those start `eyJ`), so neither is taken for the other. */
export const CUSTOMER_TOKEN_PREFIX = 'cs_';

export interface OpenedCustomerSession {
  sessionId: string;
  accessToken: string;
  expiresAt: Date;
}

type CustomerActor = Extract<Actor, { kind: 'customer' }>;

/**
 * Customer sessions: opaque random tokens stored as SHA-256 hashes, read on every request (one indexed
 * read joined to the key), so signing out, revoking the app's key or expiry take effect at once.
 */
@Injectable()
export class CustomerSessions {
  constructor(
    @Inject(Db) private readonly db: Db,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Opens a session for the customer through the key's app. Joins the caller's transaction. */
  async open(customerId: string, keyId: string): Promise<OpenedCustomerSession> {
    const accessToken = `${CUSTOMER_TOKEN_PREFIX}${randomSecret(32)}`;
    const expiresAt = new Date(Date.now() + this.config.CUSTOMER_SESSION_TTL);
    const [row] = await this.db.rows<{ id: string }>(
      'INSERT INTO customer_session (customer_id, publishable_key_id, token_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [customerId, keyId, hashSecret(accessToken), expiresAt],
    );
    return { sessionId: row.id, accessToken, expiresAt };
  }

  /** Signs the session out; signing out twice changes nothing. */
  async close(sessionId: string): Promise<void> {
    await this.db.execute('UPDATE customer_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  /** The customer a live session token stands for (its key still live), or undefined. */
  async verify(token: string): Promise<CustomerActor | undefined> {
    if (!token.startsWith(CUSTOMER_TOKEN_PREFIX) || token.length > 200) return undefined;
    const [row] = await this.db.outside.rows<{ id: string; customer_id: string; key_id: string; store_id: string | null; channel: AppChannel }>(
      `SELECT s.id, s.customer_id, k.id AS key_id, k.store_id, k.channel
         FROM customer_session s JOIN publishable_key k ON k.id = s.publishable_key_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND k.revoked_at IS NULL`,
      [hashSecret(token)],
    );
    if (!row) return undefined;
    return { kind: 'customer', id: row.customer_id, storeIds: row.store_id ? [row.store_id] : 'all', keyId: row.key_id, channel: row.channel, sessionId: row.id };
  }
}
