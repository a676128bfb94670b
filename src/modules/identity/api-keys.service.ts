import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { isKnownScope } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { paginate, type Page, type PageQueryDto } from '../../common/http/pagination.js';
import { StoresService } from '../stores/index.js';
import { ApiKey } from './api-key.entity.js';
import type { CreateApiKeyDto, PutApiKeyStoresDto } from './dto/api-key.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { hashSecret, randomSecret } from './token.service.js';

/** Keys start with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const API_KEY_PREFIX = 'bk_';
/** How much of the key lists show: the marker and 7 random characters. */
const SHOWN_LENGTH = 10;

/** A key with the stores it is limited to (empty: every store). */
export type ApiKeyView = ApiKey & { storeIds: string[] };

/** API keys of partners and scripts. Only a SHA-256 hash of each secret is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  /** Creates a key; the secret is in the answer and nowhere else. */
  @Transactional()
  async create(actor: Actor, input: CreateApiKeyDto): Promise<{ apiKey: ApiKeyView; key: string }> {
    const unknown = input.scopes.filter((scope) => !isKnownScope(scope));
    if (unknown.length > 0) throw IdentityErrors.unknownScopes(unknown);
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw IdentityErrors.expiryInPast();

    const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
    const repo = this.db.repo(ApiKey);
    const { id } = await repo.save(
      repo.create({
        name: input.name,
        prefix: key.slice(0, SHOWN_LENGTH),
        keyHash: hashSecret(key),
        scopes: input.scopes,
        createdBy: actor.kind === 'user' ? actor.id : null,
        expiresAt: input.expiresAt ?? null,
      }),
    );
    await this.assignStores(id, input.storeIds ?? []);
    const apiKey = await this.mustGet(id);
    await this.audit.record({
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: id,
      after: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes, storeIds: apiKey.storeIds, expiresAt: apiKey.expiresAt },
    });
    return { apiKey, key };
  }

  async list(query: PageQueryDto): Promise<Page<ApiKeyView>> {
    const page = await paginate(this.db.repo(ApiKey).createQueryBuilder('k'), query);
    const stores = await this.storesOf(page.data.map((key) => key.id));
    return { ...page, data: page.data.map((key) => ({ ...key, storeIds: stores.get(key.id) ?? [] })) };
  }

  get(id: string): Promise<ApiKeyView> {
    return this.mustGet(id);
  }

  /**
   * Limits the key to these stores, or lifts the limit (`[]`). Takes effect at the key's next request.
   * Unknown ids answer 422 `reference.not_found`, as for staff.
   */
  @Transactional()
  async putStores(id: string, input: PutApiKeyStoresDto): Promise<ApiKeyView> {
    // FOR UPDATE: two concurrent changes of one key's stores apply one after the other.
    const [locked] = await this.db.rows<{ id: string }>('SELECT id FROM api_key WHERE id = $1 FOR UPDATE', [id]);
    if (!locked) throw IdentityErrors.apiKeyNotFound(id);
    const before = await this.mustGet(id);
    const storeIds = input.storeIds;
    await this.db.execute('DELETE FROM api_key_store WHERE api_key_id = $1', [id]);
    await this.assignStores(id, storeIds);
    const after = await this.mustGet(id);
    await this.audit.record({ action: 'api_key.stores', entityType: 'api_key', entityId: id, before: { storeIds: before.storeIds }, after: { storeIds: after.storeIds } });
    return after;
  }

  /** Revokes the key: from now on it answers 401. Revoking twice changes nothing. */
  @Transactional()
  async revoke(id: string): Promise<ApiKeyView> {
    const before = await this.mustGet(id);
    if (before.revokedAt) return before;
    await this.db.execute('UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    const after = await this.mustGet(id);
    await this.audit.record({ action: 'api_key.revoke', entityType: 'api_key', entityId: id, before: { revokedAt: null }, after: { revokedAt: after.revokedAt } });
    return after;
  }

  private async mustGet(id: string): Promise<ApiKeyView> {
    const apiKey = await this.db.repo(ApiKey).findOneBy({ id });
    if (!apiKey) throw IdentityErrors.apiKeyNotFound(id);
    return { ...apiKey, storeIds: (await this.storesOf([id])).get(id) ?? [] };
  }

  private async storesOf(ids: string[]): Promise<Map<string, string[]>> {
    const rows = ids.length
      ? await this.db.rows<{ apiKeyId: string; storeIds: string[] }>(
          `SELECT api_key_id AS "apiKeyId", array_agg(store_id ORDER BY store_id) AS "storeIds" FROM api_key_store WHERE api_key_id = ANY($1::uuid[]) GROUP BY api_key_id`,
          [ids],
        )
      : [];
    return new Map(rows.map((row) => [row.apiKeyId, row.storeIds]));
  }

  /** Asks the stores module first (422 `reference.not_found` naming `storeIds`); the foreign key stays the last word. */
  private async assignStores(apiKeyId: string, given: readonly string[]): Promise<void> {
    // Ids may come in upper case (they are UUIDs): one row per store whatever the case.
    const storeIds = [...new Set(given.map((storeId) => storeId.toLowerCase()))];
    if (storeIds.length === 0) return;
    await this.stores.assertStoresExist(storeIds);
    await this.db.execute('INSERT INTO api_key_store (api_key_id, store_id) SELECT $1, unnest($2::uuid[])', [apiKeyId, storeIds]);
  }
}
