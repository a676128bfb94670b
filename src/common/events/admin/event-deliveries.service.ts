import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { Db } from '../../database/db.service.js';
import { Transactional } from '../../database/transactional.decorator.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../http/pagination.js';
import { EventDeliveryQueue } from '../event-delivery-queue.js';
import { EventDeliveryErrors } from './event-deliveries.errors.js';
import { toEventDeliveryResponse, type EventDeliveryQueryDto, type EventDeliveryResponseDto, type EventDeliveryRow } from './event-delivery.dto.js';

const COLUMNS = `d.id, d.event_id AS "eventId", e.name AS "event", e.payload, d.subscriber, d.status, d.attempts,
  d.last_error_code AS "lastErrorCode", d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt",
  e.occurred_at AS "occurredAt", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"`;

/** Owners look after durable event deliveries: list them, retry the dead ones. */
@Injectable()
export class EventDeliveriesService {
  private readonly logger = new Logger('DurableEvents');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(EventDeliveryQueue) private readonly queue: EventDeliveryQueue,
  ) {}

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(query: EventDeliveryQueryDto): Promise<Page<EventDeliveryResponseDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const position = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.db.rows<EventDeliveryRow>(
      `SELECT ${COLUMNS} FROM event_delivery d JOIN event e ON e.id = d.event_id
        WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR e.name = $2) AND ($3::text IS NULL OR d.subscriber = $3)
          AND ($4::timestamptz IS NULL OR (d.created_at, d.id) < ($4::timestamptz, $5::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $6`,
      [query.status ?? null, query.event ?? null, query.subscriber ?? null, position?.createdAt ?? null, position?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map(toEventDeliveryResponse),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  /** A dead delivery gets a fresh series of attempts, starting now; 409 unless it is dead. */
  @Transactional()
  async retry(id: string): Promise<EventDeliveryResponseDto> {
    const [current] = await this.db.rows<EventDeliveryRow>(`SELECT ${COLUMNS} FROM event_delivery d JOIN event e ON e.id = d.event_id WHERE d.id = $1 FOR UPDATE OF d`, [id]);
    if (!current) throw EventDeliveryErrors.notFound(id);
    if (current.status !== 'dead') throw EventDeliveryErrors.notDead(current.status);
    await this.db.execute(`UPDATE event_delivery SET status = 'pending', attempts = 0, next_attempt_at = now() WHERE id = $1`, [id]);
    const [updated] = await this.db.rows<EventDeliveryRow>(`SELECT ${COLUMNS} FROM event_delivery d JOIN event e ON e.id = d.event_id WHERE d.id = $1`, [id]);
    await this.audit.record({
      action: 'event_delivery.retry',
      entityType: 'event_delivery',
      entityId: id,
      before: { status: current.status, attempts: current.attempts, lastError: current.lastErrorCode },
      after: { status: 'pending', attempts: 0 },
    });
    this.db.afterCommit(() =>
      this.queue.add([{ data: { deliveryId: id, attempt: 1 } }]).catch((error: unknown) => {
        this.logger.warn({ err: error, deliveryId: id }, 'could not enqueue the retried delivery; the sweeper will');
      }),
    );
    return toEventDeliveryResponse(updated);
  }
}
