import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { paginate, type Page, type PageQueryDto } from '../../../common/http/pagination.js';
import { StoresService } from '../../stores/index.js';
import { IdentityErrors } from '../identity.errors.js';
import { randomSecret } from '../token.service.js';
import type { CreatePublishableKeyDto } from './dto/publishable-key.dto.js';
import { PublishableKey } from './publishable-key.entity.js';

/** Publishable keys start with this, so people (and secret scanners) can tell them from secret API keys (`bk_`). */
export const PUBLISHABLE_KEY_PREFIX = 'pk_';

type KeyActor = Extract<Actor, { kind: 'publishable_key' }>;

/**
 * Publishable keys of customers' apps. Owners manage every key; a manager the keys of their stores
 * (never a key of the whole business). Another store's key answers 404, as an unknown id does.
 */
@Injectable()
export class PublishableKeysService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  @Transactional()
  async create(actor: Actor, input: CreatePublishableKeyDto): Promise<PublishableKey> {
    const storeId = input.storeId?.toLowerCase() ?? null;
    if (storeId === null && visibleStoreIds(actor) !== 'all') throw IdentityErrors.businessKeyForOwners();
    // Another store's id reads as an unknown one (422 `reference.not_found`, as for API keys).
    if (storeId !== null && (!canSeeStore(actor, storeId) || (await this.stores.describeStores([storeId])).length === 0)) throw IdentityErrors.unknownStore('storeId', storeId);
    const repo = this.db.repo(PublishableKey);
    const key = await repo.save(
      repo.create({
        name: input.name,
        key: `${PUBLISHABLE_KEY_PREFIX}${randomSecret(24)}`,
        channel: input.channel,
        storeId,
        createdBy: actor.kind === 'user' ? actor.id : null,
      }),
    );
    await this.audit.record({
      action: 'publishable_key.create',
      entityType: 'publishable_key',
      entityId: key.id,
      storeId,
      after: { name: key.name, channel: key.channel, storeId },
    });
    return this.mustGet(actor, key.id);
  }

  list(actor: Actor, query: PageQueryDto): Promise<Page<PublishableKey>> {
    const builder = this.db.repo(PublishableKey).createQueryBuilder('k');
    const visible = visibleStoreIds(actor);
    if (visible !== 'all') builder.where('k.store_id = ANY(:visible)', { visible });
    return paginate(builder, query);
  }

  get(actor: Actor, id: string): Promise<PublishableKey> {
    return this.mustGet(actor, id);
  }

  /** Revokes the key: it and every customer session opened through it answer 401 from now on. Twice changes nothing. */
  @Transactional()
  async revoke(actor: Actor, id: string): Promise<PublishableKey> {
    const before = await this.mustGet(actor, id);
    if (before.revokedAt) return before;
    await this.db.execute('UPDATE publishable_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    const after = await this.mustGet(actor, id);
    await this.audit.record({
      action: 'publishable_key.revoke',
      entityType: 'publishable_key',
      entityId: id,
      storeId: after.storeId,
      before: { revokedAt: null },
      after: { revokedAt: after.revokedAt },
    });
    return after;
  }

  /** The app a live key stands for, or undefined. */
  async verify(key: string): Promise<KeyActor | undefined> {
    if (!key.startsWith(PUBLISHABLE_KEY_PREFIX) || key.length > 200) return undefined;
    const [row] = await this.db.outside.rows<Pick<PublishableKey, 'id' | 'name' | 'channel' | 'storeId'>>(
      'SELECT id, name, channel, store_id AS "storeId" FROM publishable_key WHERE key = $1 AND revoked_at IS NULL',
      [key],
    );
    if (!row) return undefined;
    return { kind: 'publishable_key', id: row.id, storeIds: row.storeId ? [row.storeId] : 'all', channel: row.channel, name: row.name };
  }

  private async mustGet(actor: Actor, id: string): Promise<PublishableKey> {
    const key = await this.db.repo(PublishableKey).findOneBy({ id });
    const visible = visibleStoreIds(actor);
    if (!key || (visible !== 'all' && (key.storeId === null || !visible.includes(key.storeId)))) throw IdentityErrors.publishableKeyNotFound(id);
    return key;
  }
}
