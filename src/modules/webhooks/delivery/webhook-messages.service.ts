import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { visibleStoreIds } from '../../../common/auth/index.js';
import { columnList, Db, Transactional } from '../../../common/database/index.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { visibleToStores } from '../endpoints/endpoint-rows.js';
import { WebhookEndpointsService } from '../endpoints/webhook-endpoints.service.js';
import { webhookId } from '../webhook-signature.js';
import { testEventData, WEBHOOK_TEST_TYPE } from '../webhook-test-event.js';
import { WebhookErrors } from '../webhooks.errors.js';
import type {
  ReplayResponseDto,
  ReplayWebhookMessagesDto,
  WebhookAttemptResponseDto,
  WebhookMessageDetailDto,
  WebhookMessageListQueryDto,
  WebhookMessageResponseDto,
  WebhookTestResponseDto,
} from './dto/webhook-message.dto.js';
import type { MessageStatus } from './webhook-message.entity.js';
import { WebhookQueue } from './webhook-queue.js';
import { messageBody } from './webhook-subscriber.js';

interface MessageRow {
  id: string;
  endpointId: string;
  type: string;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  occurredAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
}

const MESSAGE_COLUMNS = columnList<MessageRow>(
  {
    id: 'id',
    endpointId: 'endpoint_id',
    type: 'type',
    status: 'status',
    attempts: 'attempts',
    nextAttemptAt: 'next_attempt_at',
    occurredAt: 'occurred_at',
    createdAt: 'created_at',
    finishedAt: 'finished_at',
  },
  'm',
);

const ATTEMPT_COLUMNS = columnList<WebhookAttemptResponseDto>({
  attempt: 'attempt',
  startedAt: 'started_at',
  durationMs: 'duration_ms',
  statusCode: 'status_code',
  responseExcerpt: 'response_excerpt',
  error: 'error',
  succeeded: 'succeeded',
});

const toMessageResponse = (row: MessageRow): WebhookMessageResponseDto => ({ ...row, webhookId: webhookId(row.id) });

/** The message log of endpoints, and what owners do with it: retry, replay, send a test event. */
@Injectable()
export class WebhookMessagesService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(WebhookEndpointsService) private readonly endpoints: WebhookEndpointsService,
    @Inject(WebhookQueue) private readonly queue: WebhookQueue,
  ) {}

  async list(actor: Actor, endpointId: string, query: WebhookMessageListQueryDto): Promise<Page<WebhookMessageResponseDto>> {
    await this.endpoints.find(actor, endpointId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [endpointId];
    const where = ['m.endpoint_id = $1'];
    if (query.status) where.push(`m.status = $${params.push(query.status)}`);
    if (query.type) where.push(`m.type = $${params.push(query.type)}`);
    if (query.from) where.push(`m.created_at >= $${params.push(query.from)}::timestamptz`);
    if (query.to) where.push(`m.created_at < $${params.push(query.to)}::timestamptz`);
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      where.push(`(m.created_at, m.id) < ($${params.push(position.createdAt)}::timestamptz, $${params.push(position.id)}::uuid)`);
    }
    const rows = await this.db.rows<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM webhook_message m WHERE ${where.join(' AND ')} ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map(toMessageResponse),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<WebhookMessageDetailDto> {
    const row = await this.find(actor, id);
    const [{ body }] = await this.db.rows<{ body: string }>('SELECT body FROM webhook_message WHERE id = $1', [id]);
    const attemptLog = await this.db.rows<WebhookAttemptResponseDto>(`SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempt WHERE message_id = $1 ORDER BY attempt`, [id]);
    return { ...toMessageResponse(row), payload: JSON.parse(body) as Record<string, unknown>, attemptLog };
  }

  /** A failed message gets a new cycle of the retry schedule, its first attempt now (same `webhook-id` and body). */
  @Transactional()
  async retry(actor: Actor, id: string): Promise<WebhookMessageResponseDto> {
    const before = await this.find(actor, id);
    if (before.status !== 'failed') throw WebhookErrors.messageNotFailed(before.status);
    const endpoint = await this.endpoints.find(actor, before.endpointId);
    if (endpoint.status !== 'enabled') throw WebhookErrors.endpointDisabled(endpoint.id);
    const [row] = await this.db.rows<MessageRow>(
      `UPDATE webhook_message m SET status = 'pending', cycle_start = attempts, next_attempt_at = now(), finished_at = NULL
        WHERE m.id = $1 AND m.status = 'failed' RETURNING ${MESSAGE_COLUMNS}`,
      [id],
    );
    // Two retries at once: the first one restarted it; the second finds it pending again.
    if (!row) throw WebhookErrors.messageNotFailed('pending');
    await this.audit.record({ action: 'webhook_message.retry', entityType: 'webhook_message', entityId: id, after: { endpointId: row.endpointId, attempts: row.attempts } });
    this.startAfterCommit([row]);
    return toMessageResponse(row);
  }

  /**
   * Sends the endpoint's delivered and failed messages of [from, to) again (pending ones are on
   * their way already): each keeps its `webhook-id` and body and starts a new retry cycle.
   */
  @Transactional()
  async replay(actor: Actor, endpointId: string, dto: ReplayWebhookMessagesDto): Promise<ReplayResponseDto> {
    if (new Date(dto.to) <= new Date(dto.from)) throw WebhookErrors.emptyRange();
    const endpoint = await this.endpoints.find(actor, endpointId);
    if (endpoint.status !== 'enabled') throw WebhookErrors.endpointDisabled(endpoint.id);
    const rows = await this.db.rows<{ id: string; attempts: number }>(
      `UPDATE webhook_message SET status = 'pending', cycle_start = attempts, next_attempt_at = now(), finished_at = NULL
        WHERE endpoint_id = $1 AND created_at >= $2::timestamptz AND created_at < $3::timestamptz AND status = ANY($4::text[])
      RETURNING id, attempts`,
      [endpointId, dto.from, dto.to, dto.status ? [dto.status] : ['delivered', 'failed']],
    );
    await this.audit.record({
      action: 'webhook_endpoint.replay',
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      after: { from: dto.from, to: dto.to, status: dto.status ?? null, replayed: rows.length },
    });
    this.startAfterCommit(rows);
    return { replayed: rows.length };
  }

  /** Writes a `webhook.test` message for the endpoint and sends it now. */
  @Transactional()
  async sendTest(actor: Actor, endpointId: string): Promise<WebhookTestResponseDto> {
    const endpoint = await this.endpoints.find(actor, endpointId);
    if (endpoint.status !== 'enabled') throw WebhookErrors.endpointDisabled(endpoint.id);
    const now = new Date();
    const [row] = await this.db.rows<{ id: string; attempts: number }>(
      `INSERT INTO webhook_message (endpoint_id, type, body, occurred_at) VALUES ($1, $2, $3, $4) RETURNING id, attempts`,
      [endpointId, WEBHOOK_TEST_TYPE, messageBody(WEBHOOK_TEST_TYPE, now, testEventData(endpointId)), now],
    );
    await this.audit.record({ action: 'webhook_endpoint.test', entityType: 'webhook_endpoint', entityId: endpointId, after: { messageId: row.id } });
    this.startAfterCommit([row]);
    return { messageId: row.id, webhookId: webhookId(row.id) };
  }

  /** The message if the actor may see its endpoint, else 404. */
  private async find(actor: Actor, id: string): Promise<MessageRow> {
    if (!isUuid(id)) throw WebhookErrors.messageNotFound(id);
    const params: unknown[] = [id];
    const stores = visibleStoreIds(actor);
    const visible = stores === 'all' ? '' : ` AND ${visibleToStores(`$${params.push(stores)}`)}`;
    const [row] = await this.db.rows<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM webhook_message m JOIN webhook_endpoint e ON e.id = m.endpoint_id WHERE m.id = $1${visible}`,
      params,
    );
    if (!row) throw WebhookErrors.messageNotFound(id);
    return row;
  }

  private startAfterCommit(messages: Array<{ id: string; attempts: number }>): void {
    if (messages.length === 0) return;
    this.db.afterCommit(() => {
      // Not awaited: the answer need not wait for Redis; the sweeper enqueues what did not make it.
      void this.queue.start(messages).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not enqueue webhook messages; the sweeper will');
      });
    });
  }
}
