import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { isKnownScope } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { paginate, type Page, type PageQueryDto } from '../../common/http/pagination.js';
import { ApiKey } from './api-key.entity.js';
import type { CreateApiKeyDto } from './dto/api-key.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { hashSecret, randomSecret } from './token.service.js';

/** Keys start with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const API_KEY_PREFIX = 'bk_';
/** How much of the key lists show: the marker and 7 random characters. */
const SHOWN_LENGTH = 10;

/** API keys of partners and scripts. Only a SHA-256 hash of each secret is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Creates a key; the secret is in the answer and nowhere else. */
  @Transactional()
  async create(actor: Actor, input: CreateApiKeyDto): Promise<{ apiKey: ApiKey; key: string }> {
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
    const apiKey = await this.mustGet(id);
    await this.audit.record({ action: 'api_key.create', entityType: 'api_key', entityId: id, after: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes, expiresAt: apiKey.expiresAt } });
    return { apiKey, key };
  }

  list(query: PageQueryDto): Promise<Page<ApiKey>> {
    return paginate(this.db.repo(ApiKey).createQueryBuilder('k'), query);
  }

  get(id: string): Promise<ApiKey> {
    return this.mustGet(id);
  }

  /** Revokes the key: from now on it answers 401. Revoking twice changes nothing. */
  @Transactional()
  async revoke(id: string): Promise<ApiKey> {
    const before = await this.mustGet(id);
    if (before.revokedAt) return before;
    await this.db.execute('UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    const after = await this.mustGet(id);
    await this.audit.record({ action: 'api_key.revoke', entityType: 'api_key', entityId: id, before: { revokedAt: null }, after: { revokedAt: after.revokedAt } });
    return after;
  }

  private async mustGet(id: string): Promise<ApiKey> {
    const apiKey = await this.db.repo(ApiKey).findOneBy({ id });
    if (!apiKey) throw IdentityErrors.apiKeyNotFound(id);
    return apiKey;
  }
}
