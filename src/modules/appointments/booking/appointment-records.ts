/**
 * An appointment as the module's code passes it around (AppointmentChanges reactions, response
 * mapping, views): the row, its store's zone and its segments, read in one statement.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { moneyOf, type Money } from '../../../common/money/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import type { AppointmentChannel } from './appointment.entity.js';
import type { AppointmentState } from './appointment-state.js';

export interface SegmentRecord {
  id: string;
  position: number;
  variationId: string;
  staffMemberId: string;
  resourceId: string | null;
  startsAt: Date;
  endsAt: Date;
  price: Money;
}

export interface AppointmentRecord {
  id: string;
  number: string;
  storeId: string;
  /** The store's IANA zone: responses and messages show times in it. */
  timeZone: string;
  customerId: string;
  status: AppointmentState;
  channel: AppointmentChannel;
  startsAt: Date;
  endsAt: Date;
  notes: string | null;
  specialRequests: string | null;
  bookedByType: string;
  bookedById: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  cancelledByType: string | null;
  cancelledById: string | null;
  lateCancellation: boolean;
  /** The late-cancellation or no-show fee the store's policy asks checkout to collect. */
  fee: Money | null;
  checkedInAt: Date | null;
  completedAt: Date | null;
  seriesId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** In position order. */
  segments: SegmentRecord[];
  /** The sum of the segments' prices (by the staff member's level, when booked). */
  price: Money;
}

interface Row extends Omit<AppointmentRecord, 'fee' | 'segments' | 'price'> {
  feeAmount: string | null;
  feeCurrency: string | null;
  segments: Array<Omit<SegmentRecord, 'price' | 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string; priceAmount: string | number; currency: string }>;
}

/** `SELECT … FROM appointment a`: the row, its store's zone and its segments as a json array. */
export const APPOINTMENT_RECORD_SQL = `SELECT a.id, a.number, a.store_id AS "storeId", ${storeTimeZoneSql('a.store_id')} AS "timeZone", a.customer_id AS "customerId", a.status, a.channel,
    a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.notes, a.special_requests AS "specialRequests",
    a.booked_by_type AS "bookedByType", a.booked_by_id AS "bookedById", a.cancelled_at AS "cancelledAt", a.cancel_reason AS "cancelReason",
    a.cancelled_by_type AS "cancelledByType", a.cancelled_by_id AS "cancelledById", a.late_cancellation AS "lateCancellation",
    a.fee_amount::text AS "feeAmount", a.fee_currency AS "feeCurrency", a.checked_in_at AS "checkedInAt", a.completed_at AS "completedAt",
    a.series_id AS "seriesId", a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    COALESCE((SELECT json_agg(json_build_object('id', b.id, 'position', b.position, 'variationId', b.variation_id, 'staffMemberId', b.staff_member_id,
        'resourceId', b.resource_id, 'startsAt', b.starts_at, 'endsAt', b.ends_at, 'priceAmount', b.price_amount::text, 'currency', b.currency) ORDER BY b.position)
      FROM booking_segment b WHERE b.appointment_id = a.id), '[]'::json) AS segments
  FROM appointment a`;

export function toAppointmentRecord(row: Row): AppointmentRecord {
  const { feeAmount, feeCurrency, segments, ...rest } = row;
  const mapped = segments.map((segment) => ({
    id: segment.id,
    position: segment.position,
    variationId: segment.variationId,
    staffMemberId: segment.staffMemberId,
    resourceId: segment.resourceId,
    startsAt: new Date(segment.startsAt),
    endsAt: new Date(segment.endsAt),
    price: moneyOf(segment.priceAmount, segment.currency.trim()),
  }));
  const currency = mapped[0]?.price.currency ?? 'CNY';
  const total = mapped.reduce((sum, segment) => sum + BigInt(segment.price.amount), 0n);
  return {
    ...rest,
    fee: feeAmount === null || feeCurrency === null ? null : moneyOf(feeAmount, feeCurrency.trim()),
    segments: mapped,
    price: moneyOf(total.toString(), currency),
  };
}

/** Reads appointments by id (no access check: callers decide who may see what). */
@Injectable()
export class AppointmentRecords {
  constructor(@Inject(Db) private readonly db: Db) {}

  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<AppointmentRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.rows<Row>(`${APPOINTMENT_RECORD_SQL} WHERE a.id = $1${options.forUpdate ? ' FOR UPDATE OF a' : ''}`, [id]);
    return row ? toAppointmentRecord(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<AppointmentRecord[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.db.rows<Row>(`${APPOINTMENT_RECORD_SQL} WHERE a.id = ANY($1::uuid[]) ORDER BY a.starts_at, a.id`, [valid]);
    return rows.map(toAppointmentRecord);
  }

  /** Any WHERE over `a`, e.g. views: `a.store_id = $1 AND a.starts_at >= $2 …`, in start order (`latestFirst`: the reverse). */
  async where(condition: string, parameters: unknown[], options: { limit?: number; latestFirst?: boolean } = {}): Promise<AppointmentRecord[]> {
    const limit = options.limit ? ` LIMIT ${Math.trunc(options.limit)}` : '';
    const order = options.latestFirst ? 'a.starts_at DESC, a.id DESC' : 'a.starts_at, a.id';
    const rows = await this.db.rows<Row>(`${APPOINTMENT_RECORD_SQL} WHERE ${condition} ORDER BY ${order}${limit}`, parameters);
    return rows.map(toAppointmentRecord);
  }
}
