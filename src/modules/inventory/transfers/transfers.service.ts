import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors, DomainError, type FieldError } from '../../../common/errors/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { HumanNumbers } from '../../../common/numbers/index.js';
import { CatalogService } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { movedBy, StockMovements } from '../stock/stock-movements.js';
import { unitsPerPiece } from '../stock/stock-units.js';
import type { CancelTransferDto, CreateTransferDto, ReceiveTransferDto, TransferHistoryResponseDto, TransferQueryDto, TransferResponseDto } from './dto/transfer.dto.js';
import { BY_CREATED, findTransfer, loadTransfer, toTransferResponse, TRANSFER_COLUMNS, transferLines, type TransferRow } from './transfer-rows.js';
import { transferTransitions } from './transfer-state.js';
import './transfers.events.js';
import { TransferErrors } from './transfers.errors.js';

const outKey = (id: string, line: number) => `transfer:${id}:out:${line}`;
const inKey = (id: string, line: number) => `transfer:${id}:in:${line}`;

/**
 * Transfers between stores (issue 14): requested → approved (a manager of the source store, or an
 * owner) → shipped (every line leaves the source, or none does) → received (what arrived comes in at
 * the cost it left with; what did not is recorded on its line, with why). Cancelled before shipping.
 * An actor sees a transfer when they see either store. Each public method is one use case, one
 * transaction, audited; the state transition is the arbiter between two requests at once.
 */
@Injectable()
export class TransfersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StockMovements) private readonly stock: StockMovements,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateTransferDto): Promise<TransferResponseDto> {
    const from = dto.fromStoreId.toLowerCase();
    const to = dto.toStoreId.toLowerCase();
    if (from === to) throw TransferErrors.sameStore();
    if (!canSeeStore(actor, from) && !canSeeStore(actor, to)) throw InventoryErrors.storeNotFound(from);
    const stores = await this.db.rows<{ id: string; timeZone: string }>(
      `SELECT s.id, s.zone AS "timeZone" FROM (SELECT u.store_id AS id, ${storeTimeZoneSql('u.store_id')} AS zone FROM unnest($1::uuid[]) AS u(store_id)) s WHERE s.zone IS NOT NULL`,
      [[from, to]],
    );
    const source = stores.find((store) => store.id === from);
    if (!source) throw CommonErrors.referenceNotFound('fromStoreId', 'store', [from]);
    if (!stores.some((store) => store.id === to)) throw CommonErrors.referenceNotFound('toStoreId', 'store', [to]);
    const seen = new Map<string, number>();
    const duplicates: FieldError[] = [];
    dto.lines.forEach((line, i) => {
      const productId = line.productId.toLowerCase();
      const first = seen.get(productId);
      if (first !== undefined) duplicates.push({ field: `lines[${i}].productId`, message: `is already on line ${first + 1}: put the whole quantity there` });
      else seen.set(productId, i);
    });
    if (duplicates.length) throw CommonErrors.validation(duplicates);
    for (const [i, line] of dto.lines.entries()) {
      if (!(await this.catalog.productForStore(line.productId, from))) throw InventoryErrors.unknownProduct(`lines[${i}].productId`, line.productId);
    }
    const { number } = await this.numbers.take({ prefix: 'TR', scope: 'business', timeZone: source.timeZone, at: this.clock.now() });
    const by = movedBy(actor);
    const [row] = await this.db.rows<{ id: string }>(
      `INSERT INTO transfer (number, from_store_id, to_store_id, note, requested_by_type, requested_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [number, from, to, dto.note ?? null, by.type, by.id],
    );
    await this.db.execute(
      `INSERT INTO transfer_line (transfer_id, line_number, product_id, quantity)
       SELECT $1, n, p, q FROM unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS t(p, q, n)`,
      [row.id, dto.lines.map((line) => line.productId.toLowerCase()), dto.lines.map((line) => line.quantity)],
    );
    const after = await loadTransfer(this.db, row.id);
    await this.audit.record({ action: 'transfer.create', entityType: 'transfer', entityId: row.id, storeId: from, after });
    return after;
  }

  async list(actor: Actor, query: TransferQueryDto): Promise<Page<TransferResponseDto>> {
    if (query.storeId !== undefined && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_CREATED.decode(query.cursor);
    const rows = await this.db.rows<TransferRow>(
      `SELECT ${TRANSFER_COLUMNS} FROM transfer t
        WHERE ($1::uuid[] IS NULL OR t.from_store_id = ANY($1) OR t.to_store_id = ANY($1))
          AND ($2::uuid IS NULL OR t.from_store_id = $2 OR t.to_store_id = $2)
          AND ($3::text IS NULL OR t.status = $3)
          AND ($4::timestamptz IS NULL OR (t.created_at, t.id) < ($4, $5::uuid))
        ORDER BY t.created_at DESC, t.id DESC LIMIT $6`,
      [visible === 'all' ? null : visible, query.storeId?.toLowerCase() ?? null, query.status ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const lines = await transferLines(
      this.db,
      data.map((row) => row.id),
    );
    const last = data[data.length - 1];
    return {
      data: data.map((row) => toTransferResponse(row, lines)),
      nextCursor: rows.length > limit && last ? BY_CREATED.encode({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<TransferResponseDto> {
    const row = await this.visible(actor, id);
    return toTransferResponse(row, await transferLines(this.db, [row.id]));
  }

  async history(actor: Actor, id: string): Promise<TransferHistoryResponseDto> {
    const row = await this.visible(actor, id);
    const data = await this.db.rows<TransferHistoryResponseDto['data'][number]>(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", actor_type AS "actorType", actor_id AS "actorId", reason, at
         FROM transfer_status_history WHERE transfer_id = $1 ORDER BY at, id`,
      [row.id],
    );
    return { data };
  }

  /** A manager of the source store, or an owner. */
  @Transactional()
  async approve(actor: Actor, id: string): Promise<TransferResponseDto> {
    const row = await this.visible(actor, id);
    if (!canSeeStore(actor, row.fromStoreId)) throw TransferErrors.sourceStoreOnly('approve it');
    await transferTransitions.apply(this.db, { id: row.id, to: 'approved', actor, set: { approved_at: this.clock.now() } });
    return this.audited(row, 'transfer.approve');
  }

  /**
   * Every line leaves the source store, or none does: each short line is named (409), and the whole
   * shipment rolls back. The transition comes first, so of two shipments at once one ships and the
   * other finds it shipped.
   */
  @Transactional()
  async ship(actor: Actor, id: string): Promise<TransferResponseDto> {
    const row = await this.visible(actor, id);
    if (!canSeeStore(actor, row.fromStoreId)) throw TransferErrors.sourceStoreOnly('ship it');
    await transferTransitions.apply(this.db, { id: row.id, to: 'shipped', actor, set: { shipped_at: this.clock.now() } });
    const lines = await transferLines(this.db, [row.id]);
    const by = movedBy(actor);
    const short: Array<{ field: string; productId: string; requested: number; available: number }> = [];
    for (const [i, line] of lines.entries()) {
      const product = await this.catalog.productForStore(line.productId, row.fromStoreId);
      if (!product) throw InventoryErrors.unknownProduct(`lines[${i}].productId`, line.productId);
      const perPiece = unitsPerPiece(product);
      try {
        await this.stock.takeOut(actor, by, {
          kind: 'transfer_out',
          storeId: row.fromStoreId,
          productId: line.productId,
          units: line.quantity * perPiece,
          sourceKey: outKey(row.id, line.lineNumber),
          documentType: 'transfer',
          documentId: row.number,
          field: `lines[${i}].quantity`,
        });
      } catch (error) {
        // Nothing was written for a short line (the check comes before the movement): keep going to name them all.
        if (!(error instanceof DomainError) || error.code !== 'inventory.insufficient_stock') throw error;
        const available = Number((error.options.extensions as { available?: number } | undefined)?.available ?? 0);
        short.push({ field: `lines[${i}].quantity`, productId: line.productId, requested: line.quantity, available: Math.floor(available / perPiece) });
      }
    }
    if (short.length) throw TransferErrors.shortLines(short);
    await this.db.execute('UPDATE transfer_line SET shipped_quantity = quantity WHERE transfer_id = $1', [row.id]);
    return this.audited(row, 'transfer.ship');
  }

  /**
   * The destination store receives: each line in full unless `lines` says otherwise, fewer pieces only
   * with a reason. What arrived comes in at the cost per piece it left with, so the value moves with
   * the goods; the difference stays on the line.
   */
  @Transactional()
  async receive(actor: Actor, id: string, dto: ReceiveTransferDto): Promise<TransferResponseDto> {
    const row = await this.visible(actor, id);
    if (!canSeeStore(actor, row.toStoreId)) throw TransferErrors.destinationStoreOnly();
    await transferTransitions.apply(this.db, { id: row.id, to: 'received', actor, set: { received_at: this.clock.now() } });
    const lines = await transferLines(this.db, [row.id]);
    const given = new Map<number, { index: number; received: number; reason: string | null }>();
    const errors: FieldError[] = [];
    for (const [i, input] of (dto.lines ?? []).entries()) {
      const line = lines.find((candidate) => candidate.lineNumber === input.lineNumber);
      if (!line) errors.push({ field: `lines[${i}].lineNumber`, message: `names no line of this transfer (it has ${lines.length})` });
      else if (given.has(input.lineNumber)) errors.push({ field: `lines[${i}].lineNumber`, message: 'is given twice' });
      else if (input.receivedQuantity > (line.shippedQuantity ?? 0)) {
        errors.push({ field: `lines[${i}].receivedQuantity`, message: `must be at most the ${line.shippedQuantity ?? 0} shipped` });
      } else if (input.receivedQuantity < (line.shippedQuantity ?? 0) && input.reason === undefined) {
        errors.push({ field: `lines[${i}].reason`, message: 'is required when fewer pieces arrived than were shipped (short, damaged)' });
      } else given.set(input.lineNumber, { index: i, received: input.receivedQuantity, reason: input.reason ?? null });
    }
    if (errors.length) throw CommonErrors.validation(errors);
    const by = movedBy(actor);
    for (const line of lines) {
      const shipped = line.shippedQuantity ?? 0;
      const input = given.get(line.lineNumber);
      const received = input?.received ?? shipped;
      const reason = received === shipped ? null : (input?.reason ?? null);
      if (received > 0) {
        // The out movement carries the cost per piece and the units per piece the goods left with.
        const [out] = await this.db.rows<{ units: string; unitCost: string }>(
          `SELECT (-delta)::text AS units, unit_cost_amount::text AS "unitCost" FROM stock_movement WHERE source_key = $1`,
          [outKey(row.id, line.lineNumber)],
        );
        if (!out) throw new Error(`transfer ${row.id} line ${line.lineNumber}: shipped without its out movement`);
        const perPiece = Number(out.units) / shipped;
        await this.stock.bringIn(actor, by, {
          kind: 'transfer_in',
          storeId: row.toStoreId,
          productId: line.productId,
          units: received * perPiece,
          unitCostAmount: Number(out.unitCost),
          sourceKey: inKey(row.id, line.lineNumber),
          documentType: 'transfer',
          documentId: row.number,
          reason,
          field: input ? `lines[${input.index}].receivedQuantity` : 'lines',
        });
      }
      await this.db.execute('UPDATE transfer_line SET received_quantity = $3, difference_reason = $4 WHERE transfer_id = $1 AND line_number = $2', [
        row.id,
        line.lineNumber,
        received,
        reason,
      ]);
    }
    await this.events.publish('transfer.received', { transferId: row.id, number: row.number, fromStoreId: row.fromStoreId, toStoreId: row.toStoreId });
    return this.audited(row, 'transfer.receive');
  }

  /** Before shipping, by staff of either store. */
  @Transactional()
  async cancel(actor: Actor, id: string, dto: CancelTransferDto): Promise<TransferResponseDto> {
    const row = await this.visible(actor, id);
    await transferTransitions.apply(this.db, { id: row.id, to: 'cancelled', actor, reason: dto.reason ?? null, set: { cancelled_at: this.clock.now() } });
    return this.audited(row, 'transfer.cancel');
  }

  private async audited(before: TransferRow, action: string): Promise<TransferResponseDto> {
    const after = await loadTransfer(this.db, before.id);
    await this.audit.record({
      action,
      entityType: 'transfer',
      entityId: before.id,
      storeId: before.fromStoreId,
      before: { status: before.status, version: before.version },
      after,
    });
    return after;
  }

  /** The transfer when the actor sees either of its stores; else `transfer.not_found`. */
  private async visible(actor: Actor, id: string): Promise<TransferRow> {
    const row = await findTransfer(this.db, id);
    if (!canSeeStore(actor, row.fromStoreId) && !canSeeStore(actor, row.toStoreId)) throw TransferErrors.notFound(id);
    return row;
  }
}
