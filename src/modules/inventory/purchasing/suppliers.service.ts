import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import { isUuid, likePattern } from '../../../common/validation/index.js';
import type { CreateSupplierDto, SupplierQueryDto, SupplierResponseDto, UpdateSupplierDto } from './dto/supplier.dto.js';
import { PurchasingErrors } from './purchasing.errors.js';
import type { SupplierStatus } from './supplier.entity.js';

const COLUMNS = `id, name, contact_person AS "contactPerson", phone, email, address, notes, status, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

interface SupplierRow {
  id: string;
  name: string;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  notes: string | null;
  status: SupplierStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

function toSupplierResponse(row: SupplierRow): SupplierResponseDto {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** By name, then id: a supplier list reads like an address book. */
const BY_NAME = cursorCodec<{ name: string; id: string }>('suppliers', { name: cursorParts.text(/^[\s\S]{1,200}$/), id: cursorParts.uuid });

/** Suppliers (/v1/suppliers): business-wide, written by managers and owners, archived instead of deleted. */
@Injectable()
export class SuppliersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Transactional()
  async create(dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    const [row] = await this.db.rows<SupplierRow>(
      `INSERT INTO supplier (name, contact_person, phone, email, address, notes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [dto.name, dto.contactPerson ?? null, dto.phone ?? null, dto.email ?? null, dto.address ?? null, dto.notes ?? null],
    );
    const created = toSupplierResponse(row);
    await this.audit.record({ action: 'supplier.create', entityType: 'supplier', entityId: row.id, after: created });
    return created;
  }

  async list(query: SupplierQueryDto): Promise<Page<SupplierResponseDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_NAME.decode(query.cursor);
    const rows = await this.db.rows<SupplierRow>(
      `SELECT ${COLUMNS} FROM supplier
        WHERE status = $1 AND ($2::text IS NULL OR name ILIKE $2) AND ($3::text IS NULL OR (name, id) > ($3, $4::uuid))
        ORDER BY name, id LIMIT $5`,
      [query.status ?? 'active', query.name ? likePattern(query.name) : null, after?.name ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toSupplierResponse), nextCursor: rows.length > limit && last ? BY_NAME.encode({ name: last.name, id: last.id }) : null };
  }

  async get(id: string): Promise<SupplierResponseDto> {
    return toSupplierResponse(await this.find(id));
  }

  /** Applies the fields given if the supplier is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(id: string, expectedVersion: number, dto: UpdateSupplierDto): Promise<SupplierResponseDto> {
    const before = await this.find(id);
    assertVersion(before, expectedVersion);
    const columns = { name: 'name', contactPerson: 'contact_person', phone: 'phone', email: 'email', address: 'address', notes: 'notes' } as const;
    const changes: Array<[string, unknown]> = [];
    for (const [field, column] of Object.entries(columns)) {
      const value = dto[field as keyof typeof columns];
      if (value !== undefined) changes.push([column, value]);
    }
    if (changes.length === 0) return toSupplierResponse(before);
    const row = await updateVersioned<SupplierRow>(this.db, { table: 'supplier', id, expectedVersion, changes, returning: COLUMNS });
    const after = toSupplierResponse(row);
    await this.audit.record({ action: 'supplier.update', entityType: 'supplier', entityId: id, before: toSupplierResponse(before), after });
    return after;
  }

  @Transactional()
  archive(id: string): Promise<SupplierResponseDto> {
    return this.setStatus(id, 'archived');
  }

  @Transactional()
  restore(id: string): Promise<SupplierResponseDto> {
    return this.setStatus(id, 'active');
  }

  /** Idempotent: archiving an archived supplier changes nothing. Its purchase orders go on; new ones cannot name it. */
  private async setStatus(id: string, status: SupplierStatus): Promise<SupplierResponseDto> {
    const before = await this.find(id);
    if (before.status === status) return toSupplierResponse(before);
    const [row] = await this.db.rows<SupplierRow>(
      `UPDATE supplier SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${COLUMNS}`,
      [id, status],
    );
    if (!row) return toSupplierResponse(await this.find(id));
    await this.audit.record({
      action: status === 'archived' ? 'supplier.archive' : 'supplier.restore',
      entityType: 'supplier',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: row.status, version: row.version },
    });
    return toSupplierResponse(row);
  }

  private async find(id: string): Promise<SupplierRow> {
    if (!isUuid(id)) throw PurchasingErrors.supplierNotFound(id);
    const [row] = await this.db.rows<SupplierRow>(`SELECT ${COLUMNS} FROM supplier WHERE id = $1`, [id]);
    if (!row) throw PurchasingErrors.supplierNotFound(id);
    return row;
  }
}
