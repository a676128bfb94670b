import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { visibleStoreIds } from '../../../common/auth/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { eventTypeProblems } from '../event-type-patterns.js';
import { webhookEventTypes } from '../webhook-events.js';
import { newWebhookSecret } from '../webhook-signature.js';
import { urlProblem } from '../webhook-url.js';
import { WebhookErrors } from '../webhooks.errors.js';
import type {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointListQueryDto,
  WebhookEndpointResponseDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto.js';
import { ENDPOINT_COLUMNS, toEndpointResponse, visibleToStores, type EndpointRow } from './endpoint-rows.js';

/** How long the previous secret keeps signing after a rotation. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

/**
 * Owners' (and `webhooks:manage` keys') webhook endpoints. A key limited to stores sees and makes
 * only endpoints limited to some of its stores; every other caller here sees them all.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    this.checkUrl(dto.url);
    this.checkEventTypes(dto.eventTypes);
    const storeIds = this.checkStores(actor, dto.storeIds ?? null);
    const includePii = dto.includePii ?? false;
    this.checkPii(actor, includePii);
    const secret = newWebhookSecret();
    const [{ id }] = await this.db.rows<{ id: string }>(
      `INSERT INTO webhook_endpoint (url, description, event_types, include_pii, secret) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [dto.url, dto.description ?? null, dto.eventTypes, includePii, secret],
    );
    await this.assignStores(id, storeIds);
    const row = await this.read(id);
    await this.audit.record({ action: 'webhook_endpoint.create', entityType: 'webhook_endpoint', entityId: id, after: toEndpointResponse(row) });
    return { ...toEndpointResponse(row), secret };
  }

  async list(actor: Actor, query: WebhookEndpointListQueryDto): Promise<Page<WebhookEndpointResponseDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    const where = this.visibility(actor, params);
    if (query.status) where.push(`e.status = $${params.push(query.status)}`);
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      where.push(`(e.created_at, e.id) < ($${params.push(position.createdAt)}::timestamptz, $${params.push(position.id)}::uuid)`);
    }
    const rows = await this.db.rows<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map((row) => toEndpointResponse(row)),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<WebhookEndpointResponseDto> {
    return toEndpointResponse(await this.find(actor, id));
  }

  /** The endpoint if the actor may see it, else 404 (never 403: ids of other stores' endpoints tell nothing). */
  async find(actor: Actor, id: string): Promise<EndpointRow> {
    if (!isUuid(id)) throw WebhookErrors.endpointNotFound(id);
    const params: unknown[] = [id];
    const where = ['e.id = $1', ...this.visibility(actor, params)];
    const [row] = await this.db.rows<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint e WHERE ${where.join(' AND ')}`, params);
    if (!row) throw WebhookErrors.endpointNotFound(id);
    return row;
  }

  /** Changes what is given, only if the endpoint is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointResponseDto> {
    const before = await this.find(actor, id);
    assertVersion(before, expectedVersion);
    if (dto.url !== undefined) this.checkUrl(dto.url);
    if (dto.eventTypes !== undefined) this.checkEventTypes(dto.eventTypes);
    const storeIds = dto.storeIds !== undefined ? this.checkStores(actor, dto.storeIds) : undefined;
    if (dto.includePii) this.checkPii(actor, true);
    const changes: Array<[string, unknown]> = [];
    if (dto.url !== undefined) changes.push(['url', dto.url]);
    if (dto.eventTypes !== undefined) changes.push(['event_types', dto.eventTypes]);
    if (dto.description !== undefined) changes.push(['description', dto.description]);
    if (dto.includePii !== undefined) changes.push(['include_pii', dto.includePii]);
    if (changes.length === 0 && storeIds === undefined) return toEndpointResponse(before);
    await updateVersioned(this.db, { table: 'webhook_endpoint', id, expectedVersion, changes, returning: 'id' });
    if (storeIds !== undefined) {
      await this.db.execute('DELETE FROM webhook_endpoint_store WHERE endpoint_id = $1', [id]);
      await this.assignStores(id, storeIds);
    }
    const after = await this.read(id);
    await this.audit.record({
      action: 'webhook_endpoint.update',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: toEndpointResponse(before),
      after: toEndpointResponse(after),
    });
    return toEndpointResponse(after);
  }

  /**
   * Deletes the endpoint with its messages and attempts (they would name a URL that no longer
   * hears anything); the audit log keeps who deleted what. Disable it instead to stop it and keep its log.
   */
  @Transactional()
  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.find(actor, id);
    // Messages first, then the endpoint: the order a delivery locks them in (it records its attempt
    // on the message, then the endpoint's failing streak). Locking the endpoint first deadlocked
    // with a delivery finishing at the same moment, and the owner got 409 resource.busy.
    await this.db.execute('DELETE FROM webhook_message WHERE endpoint_id = $1', [id]);
    await this.db.execute('DELETE FROM webhook_endpoint WHERE id = $1', [id]);
    await this.audit.record({ action: 'webhook_endpoint.delete', entityType: 'webhook_endpoint', entityId: id, before: toEndpointResponse(before) });
  }

  /** Stops its deliveries: no message is written for it while disabled, and its pending ones fail at their next attempt. */
  @Transactional()
  async disable(actor: Actor, id: string): Promise<WebhookEndpointResponseDto> {
    const before = await this.find(actor, id);
    await this.db.execute(
      `UPDATE webhook_endpoint SET status = 'disabled', disabled_reason = 'manual', disabled_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND status = 'enabled'`,
      [id],
    );
    return this.audited('webhook_endpoint.disable', before);
  }

  /** Starts it again with a clean slate: the failing streak is forgotten. */
  @Transactional()
  async enable(actor: Actor, id: string): Promise<WebhookEndpointResponseDto> {
    const before = await this.find(actor, id);
    await this.db.execute(
      `UPDATE webhook_endpoint SET status = 'enabled', disabled_reason = NULL, disabled_at = NULL, failing_since = NULL, version = version + 1, updated_at = now()
        WHERE id = $1 AND (status = 'disabled' OR failing_since IS NOT NULL)`,
      [id],
    );
    return this.audited('webhook_endpoint.enable', before);
  }

  /**
   * A new secret, shown once; the current one becomes the previous one and keeps signing for 24 h
   * (both signatures are sent). One UPDATE: two rotations at once chain rather than lose a secret.
   */
  @Transactional()
  async rotateSecret(actor: Actor, id: string): Promise<WebhookEndpointWithSecretDto> {
    const before = await this.find(actor, id);
    const secret = newWebhookSecret();
    await this.db.execute(
      `UPDATE webhook_endpoint SET previous_secret = secret, secret = $2, previous_secret_expires_at = now() + $3 * interval '1 millisecond',
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, secret, SECRET_OVERLAP_MS],
    );
    const after = await this.audited('webhook_endpoint.rotate_secret', before);
    return { ...after, secret };
  }

  private async audited(action: string, before: EndpointRow): Promise<WebhookEndpointResponseDto> {
    const after = await this.read(before.id);
    if (after.version !== before.version) {
      await this.audit.record({ action, entityType: 'webhook_endpoint', entityId: before.id, before: toEndpointResponse(before), after: toEndpointResponse(after) });
    }
    return toEndpointResponse(after);
  }

  private async read(id: string): Promise<EndpointRow> {
    const [row] = await this.db.rows<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint e WHERE e.id = $1`, [id]);
    if (!row) throw WebhookErrors.endpointNotFound(id);
    return row;
  }

  /** SQL conditions on `e` for what the actor may see (pushes its parameters). */
  private visibility(actor: Actor, params: unknown[]): string[] {
    const stores = visibleStoreIds(actor);
    return stores === 'all' ? [] : [visibleToStores(`$${params.push(stores)}`)];
  }

  private checkUrl(url: string): void {
    const problem = urlProblem(url, { httpsOnly: this.config.NODE_ENV === 'production', allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS });
    if (problem) throw WebhookErrors.invalidUrl(problem);
  }

  private checkEventTypes(eventTypes: string[]): void {
    const problems = eventTypeProblems(
      eventTypes,
      webhookEventTypes().map((definition) => definition.type),
    );
    if (problems.length > 0) throw WebhookErrors.unknownEventTypes(problems);
  }

  /** The stores to assign (lower-cased, null: every store), within what the actor may reach. */
  private checkStores(actor: Actor, given: string[] | null): string[] | null {
    const visible = visibleStoreIds(actor);
    if (given === null) {
      if (visible !== 'all') throw WebhookErrors.storesRequired();
      return null;
    }
    const storeIds = [...new Set(given.map((storeId) => storeId.toLowerCase()))];
    const unseen = visible === 'all' ? [] : storeIds.filter((storeId) => !visible.includes(storeId));
    if (unseen.length > 0) throw WebhookErrors.storesNotVisible(unseen);
    return storeIds;
  }

  private checkPii(actor: Actor, includePii: boolean): void {
    if (includePii && actor.kind === 'api_key' && !actor.scopes.includes('customers:pii')) throw WebhookErrors.piiNotAllowed();
  }

  /** Unknown stores break the foreign key: 422 `reference.not_found` naming `storeIds` (registered constraint). */
  private async assignStores(endpointId: string, storeIds: string[] | null): Promise<void> {
    if (!storeIds?.length) return;
    await this.db.execute('INSERT INTO webhook_endpoint_store (endpoint_id, store_id) SELECT $1, unnest($2::uuid[])', [endpointId, storeIds]);
  }
}
