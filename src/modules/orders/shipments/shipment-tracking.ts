import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { OrderLifecycle } from '../order-lifecycle.service.js';
import type {
  MyShipmentsResponseDto,
  RecordShipmentEventsDto,
  ResolveShipmentExceptionDto,
  ShipmentExceptionQueryDto,
  ShipmentExceptionResponseDto,
  ShipmentResponseDto,
} from './dto/shipment.dto.js';
import { kuaidi100SignatureValid, parseKuaidi100, type TrackingEvent } from './kuaidi100.js';
import type { ShipmentExceptionKind } from './shipment.entity.js';
import { findShipment, loadShipment, loadShipments, type ShipmentRow } from './shipment-rows.js';
import { ShipmentErrors } from './shipments.errors.js';
import { SHIPMENT_EXCEPTION_CUSTOMER, SHIPMENT_EXCEPTION_STAFF } from './shipments.notifications.js';

/** How many of their parcels a customer's app lists: the recent ones, which are those still to track or confirm. */
export const MY_SHIPMENTS_LIMIT = 50;

const NEWEST = cursorCodec<{ createdAt: Date; id: string }>('shipment-exceptions', { createdAt: cursorParts.instant, id: cursorParts.uuid });

const PROBLEM: Record<ShipmentExceptionKind, string> = {
  delayed: '延误 delayed',
  lost: '丢失 lost',
  damaged: '破损 damaged',
  returned: '退回 returned',
  refused: '拒签 refused',
};

/** How a task the parcel's arrival answered is closed. */
const DELIVERED_NOTE = '包裹已送达 The parcel was delivered';

interface ExceptionRow {
  id: string;
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  storeId: string;
  kind: ShipmentExceptionKind;
  description: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

const EXCEPTION_COLUMNS = `x.id, x.shipment_id AS "shipmentId", x.order_id AS "orderId", o.number AS "orderNumber", x.store_id AS "storeId", x.kind, x.description,
  x.created_at AS "createdAt", x.resolved_at AS "resolvedAt", x.resolution_note AS "resolutionNote"`;

/**
 * What happens to a parcel after it leaves: tracking events from a carrier (the API) or Kuaidi100's push,
 * recorded once however often they are sent; an exception (delayed, lost, damaged, returned, refused)
 * opens the store's follow-up task, tells the customer and the store's managers; delivery, said by the
 * carrier or by the customer, and the order delivered once every parcel is. Each call one transaction
 * on the locked shipment, so two pushes of the same route at once record it once.
 */
@Injectable()
export class ShipmentTracking {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OrderLifecycle) private readonly lifecycle: OrderLifecycle,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** A carrier's or aggregator's events (API key with shipments:write for the shipment's store). */
  @Transactional()
  async record(actor: Actor, id: string, dto: RecordShipmentEventsDto): Promise<ShipmentResponseDto> {
    const shipment = await findShipment(this.db, id, true);
    if (!canSeeStore(actor, shipment.storeId)) throw ShipmentErrors.notFound(id);
    const events: TrackingEvent[] = dto.events.map((event) => ({
      status: event.status,
      exceptionKind: event.status === 'exception' ? (event.exceptionKind ?? 'delayed') : event.status === 'returned' || event.status === 'refused' ? event.status : null,
      occurredAt: new Date(event.occurredAt),
      location: event.location ?? null,
      description: event.description ?? '',
    }));
    await this.apply(shipment, events, 'api');
    return loadShipment(this.db, id);
  }

  /**
   * Kuaidi100's push: signed with the configured salt (401 otherwise), for the parcel with its tracking
   * number (and carrier); one Bloom does not know is accepted and ignored, so Kuaidi100 stops sending it.
   */
  @Transactional()
  async kuaidi100(form: { param?: string; sign?: string }): Promise<{ result: true; returnCode: '200'; message: '成功' }> {
    const salt = this.config.KUAIDI100_SALT;
    if (!salt) throw ShipmentErrors.notConfigured();
    if (typeof form.param !== 'string' || form.param.length === 0) throw ShipmentErrors.badPush('param', 'is required');
    if (!kuaidi100SignatureValid(form.param, form.sign, salt)) throw ShipmentErrors.badSignature();
    const push = parseKuaidi100(form.param);
    if ('field' in push) throw ShipmentErrors.badPush(push.field, push.message);
    // A tracking number may come back years later on another parcel: the newest one of that carrier.
    const [match] = await this.db.rows<{ id: string }>(
      `SELECT id FROM shipment WHERE tracking_number = $1 AND (carrier IS NULL OR $2 = '' OR lower(carrier) = lower($2)) ORDER BY created_at DESC, id LIMIT 1`,
      [push.trackingNumber, push.carrier],
    );
    if (match) await this.apply(await findShipment(this.db, match.id, true), push.events, 'kuaidi100');
    return { result: true, returnCode: '200', message: '成功' };
  }

  /** The signed-in customer's parcels, newest first (the ones to track and to confirm). */
  async mine(actor: Actor): Promise<MyShipmentsResponseDto> {
    if (actor.kind !== 'customer') return { data: [] };
    return { data: await loadShipments(this.db, { customerId: actor.id, storeIds: visibleStoreIds(actor), limit: MY_SHIPMENTS_LIMIT }) };
  }

  /** The customer says the parcel arrived (their own order's, through their app). A second call changes nothing. */
  @Transactional()
  async confirmByCustomer(actor: Actor, id: string): Promise<ShipmentResponseDto> {
    const shipment = await findShipment(this.db, id, true);
    if (actor.kind !== 'customer' || shipment.customerId !== actor.id || !canSeeStore(actor, shipment.storeId)) throw ShipmentErrors.notFound(id);
    await this.deliver(shipment, { type: 'customer', id: actor.id }, this.clock.now());
    return loadShipment(this.db, id);
  }

  async listExceptions(actor: Actor, query: ShipmentExceptionQueryDto): Promise<Page<ShipmentExceptionResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw ShipmentErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : NEWEST.decode(query.cursor);
    const rows = await this.db.rows<ExceptionRow>(
      `SELECT ${EXCEPTION_COLUMNS} FROM shipment_exception x JOIN "order" o ON o.id = x.order_id
        WHERE ($1::uuid[] IS NULL OR x.store_id = ANY($1)) AND ($2::uuid IS NULL OR x.store_id = $2) AND (x.resolved_at IS NULL) = ($3 = 'open')
          AND ($4::timestamptz IS NULL OR (x.created_at, x.id) < ($4, $5::uuid))
        ORDER BY x.created_at DESC, x.id DESC LIMIT $6`,
      [visible === 'all' ? null : visible, query.storeId?.toLowerCase() ?? null, query.status ?? 'open', after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toExceptionResponse), nextCursor: rows.length > limit && last ? NEWEST.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  /** Closes the follow-up with a note saying what was done; once (409 after). Audited. */
  @Transactional()
  async resolveException(actor: Actor, id: string, dto: ResolveShipmentExceptionDto): Promise<ShipmentExceptionResponseDto> {
    if (!isUuid(id)) throw ShipmentErrors.exceptionNotFound(id);
    const [row] = await this.db.rows<{ storeId: string; resolved: boolean }>(
      'SELECT store_id AS "storeId", resolved_at IS NOT NULL AS resolved FROM shipment_exception WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row || !canSeeStore(actor, row.storeId)) throw ShipmentErrors.exceptionNotFound(id);
    if (row.resolved) throw ShipmentErrors.exceptionResolved(id);
    const by = actor.kind === 'publishable_key' ? { type: 'system', id: null } : { type: actor.kind, id: actor.id };
    await this.db.execute('UPDATE shipment_exception SET resolved_at = now(), resolved_by_type = $2, resolved_by_id = $3, resolution_note = $4 WHERE id = $1', [
      id,
      by.type,
      by.id,
      dto.note,
    ]);
    await this.audit.record({ action: 'shipment_exception.resolve', entityType: 'shipment_exception', entityId: id, storeId: row.storeId, after: { note: dto.note } });
    const [after] = await this.db.rows<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM shipment_exception x JOIN "order" o ON o.id = x.order_id WHERE x.id = $1`, [id]);
    return toExceptionResponse(after);
  }

  /** Records the new events (a repeat is the same row), opens an exception for each new problem, follows the status, and a delivered event delivers. */
  private async apply(shipment: ShipmentRow, events: readonly TrackingEvent[], source: 'api' | 'kuaidi100'): Promise<void> {
    if (events.length === 0) return;
    const fresh = await this.db.rows<{ status: string; exceptionKind: ShipmentExceptionKind | null; description: string }>(
      `INSERT INTO shipment_event (shipment_id, status, exception_kind, occurred_at, location, description, source)
       SELECT $1, e.status, e.kind, e.at, e.location, e.description, $7 FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS e(status, kind, at, location, description)
       ON CONFLICT (shipment_id, occurred_at, description) DO NOTHING
       RETURNING status, exception_kind AS "exceptionKind", description`,
      [
        shipment.id,
        events.map((e) => e.status),
        events.map((e) => e.exceptionKind),
        events.map((e) => e.occurredAt),
        events.map((e) => e.location),
        events.map((e) => e.description),
        source,
      ],
    );
    for (const event of fresh) if (event.exceptionKind) await this.openException(shipment, event.exceptionKind, event.description);
    if (shipment.status === 'delivered') return;
    const delivered = events.find((e) => e.status === 'delivered');
    if (delivered) {
      await this.deliver(shipment, { type: source === 'api' ? 'carrier' : source, id: null }, delivered.occurredAt);
      return;
    }
    // The parcel's status is its latest event's, whichever order they came in.
    await this.db.execute(
      `UPDATE shipment s SET status = e.status, updated_at = now()
         FROM (SELECT status FROM shipment_event WHERE shipment_id = $1 ORDER BY occurred_at DESC, received_at DESC, id DESC LIMIT 1) e
        WHERE s.id = $1 AND s.status <> 'delivered'`,
      [shipment.id],
    );
  }

  /** One open task per parcel and kind (a repeated push opens none); the customer and the store's managers hear of it. */
  private async openException(shipment: ShipmentRow, kind: ShipmentExceptionKind, description: string): Promise<void> {
    const [opened] = await this.db.rows<{ id: string }>(
      `INSERT INTO shipment_exception (shipment_id, order_id, store_id, kind, description) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (shipment_id, kind) WHERE resolved_at IS NULL DO NOTHING RETURNING id`,
      [shipment.id, shipment.orderId, shipment.storeId, kind, description],
    );
    if (!opened) return;
    const variables = {
      number: shipment.orderNumber,
      carrier: [shipment.carrier, shipment.trackingNumber].filter(Boolean).join(' ') || '-',
      problem: PROBLEM[kind],
      detail: description,
    };
    await this.notifications.toCustomer(shipment.customerId, SHIPMENT_EXCEPTION_CUSTOMER.key, variables, {
      storeId: shipment.storeId,
      dedupeKey: `shipment.exception:${opened.id}`,
    });
    await this.notifications.toStaff({ roles: ['owner', 'manager'], storeId: shipment.storeId }, SHIPMENT_EXCEPTION_STAFF.key, variables, {
      storeId: shipment.storeId,
      dedupeKey: `shipment.exception_opened:${opened.id}`,
    });
    await this.audit.record({ action: 'shipment_exception.open', entityType: 'shipment_exception', entityId: opened.id, storeId: shipment.storeId, after: { kind, description } });
  }

  /**
   * A parcel that arrives answers its open `delayed` and `lost` tasks: they are closed with a note, so the
   * store's list holds only what still needs someone. `damaged`, `returned` and `refused` stay open: arriving
   * does not settle them.
   */
  private async resolveByDelivery(shipment: ShipmentRow): Promise<void> {
    const resolved = await this.db.rows<{ id: string; kind: ShipmentExceptionKind }>(
      `UPDATE shipment_exception SET resolved_at = now(), resolved_by_type = 'system', resolution_note = $2
        WHERE shipment_id = $1 AND resolved_at IS NULL AND kind IN ('delayed', 'lost') RETURNING id, kind`,
      [shipment.id, DELIVERED_NOTE],
    );
    for (const { id, kind } of resolved) {
      await this.audit.record({
        action: 'shipment_exception.resolve',
        entityType: 'shipment_exception',
        entityId: id,
        storeId: shipment.storeId,
        after: { kind, note: DELIVERED_NOTE },
      });
    }
  }

  /** The parcel is delivered (once); when every parcel of a fully shipped order is, the order is delivered. */
  private async deliver(shipment: ShipmentRow, by: { type: string; id: string | null }, at: Date): Promise<void> {
    const [changed] = await this.db.rows<{ id: string }>(
      `UPDATE shipment SET status = 'delivered', delivered_at = $2, delivered_by = $3, updated_at = now() WHERE id = $1 AND status <> 'delivered' RETURNING id`,
      [shipment.id, at, by.type === 'customer' ? 'customer' : 'carrier'],
    );
    if (!changed) return;
    await this.audit.record({ action: 'shipment.deliver', entityType: 'shipment', entityId: shipment.id, storeId: shipment.storeId, after: { deliveredBy: by.type, at } });
    await this.resolveByDelivery(shipment);
    // The order row, locked: the last two parcels delivered at once move it once.
    const [order] = await this.db.rows<{ status: string }>('SELECT status FROM "order" WHERE id = $1 FOR UPDATE', [shipment.orderId]);
    if (order?.status !== 'shipped') return;
    const [{ open }] = await this.db.rows<{ open: number }>(`SELECT count(*)::int AS open FROM shipment WHERE order_id = $1 AND status <> 'delivered'`, [shipment.orderId]);
    if (open > 0) return;
    await this.lifecycle.deliveredBy(shipment.orderId, by, by.type === 'customer' ? '顾客确认收货 Confirmed by the customer' : '承运商签收 Delivered by the carrier');
  }
}

function toExceptionResponse(row: ExceptionRow): ShipmentExceptionResponseDto {
  return {
    id: row.id,
    shipmentId: row.shipmentId,
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    storeId: row.storeId,
    kind: row.kind,
    description: row.description,
    status: row.resolvedAt ? 'resolved' : 'open',
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    resolutionNote: row.resolutionNote,
  };
}
