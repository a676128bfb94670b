import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import type { Authenticator } from '../../common/auth/authenticator.js';
import type { Actor } from '../../common/http/request-context.js';
import { CUSTOMER_TOKEN_PREFIX, CustomerSessions } from './customer-apps/customer-sessions.js';
import { PublishableKeysService } from './customer-apps/publishable-keys.service.js';
import { hashSecret, TokenService } from './token.service.js';

/** How stale `api_key.last_used_at` may get: one write a minute per key, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns bearer tokens and API keys into actors for the global AuthGuard. */
@Injectable()
export class IdentityAuthenticator implements Authenticator {
  private readonly logger = new Logger('IdentityAuthenticator');

  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(Db) private readonly db: Db,
    @Inject(PublishableKeysService) private readonly publishableKeys: PublishableKeysService,
    @Inject(CustomerSessions) private readonly customerSessions: CustomerSessions,
  ) {}

  /** Staff JWTs and customer session tokens (`cs_…`, never a JWT) share the Bearer header; each is checked only as what it is. */
  verifyBearer(token: string): Promise<Actor | undefined> {
    return token.startsWith(CUSTOMER_TOKEN_PREFIX) ? this.customerSessions.verify(token) : this.tokens.verifyAccessToken(token);
  }

  verifyPublishableKey(key: string): Promise<Actor | undefined> {
    return this.publishableKeys.verify(key);
  }

  async verifyApiKey(key: string): Promise<Actor | undefined> {
    if (key.length > 200) return undefined;
    const rows = await this.db.outside.rows<{ id: string; name: string; scopes: string[]; store_ids: string[]; last_used_at: Date | null }>(
      `SELECT id, name, scopes, last_used_at, ARRAY(SELECT store_id FROM api_key_store s WHERE s.api_key_id = k.id ORDER BY store_id) AS store_ids
         FROM api_key k
        WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hashSecret(key)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      // Not awaited: recording use must not slow or fail the request.
      this.db.outside
        .execute('UPDATE api_key SET last_used_at = now() WHERE id = $1', [row.id])
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record API key use'));
    }
    // No store rows: the key is not limited (as before store limits existed).
    return { kind: 'api_key', id: row.id, scopes: row.scopes, storeIds: row.store_ids.length > 0 ? row.store_ids : 'all', name: row.name };
  }
}
