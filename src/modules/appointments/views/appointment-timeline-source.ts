import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { instantFormatter } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { CustomerTimeline, type CustomerTimelineSource, type TimelineEntry, type TimelinePosition, type TimelineQuery } from '../../customers/index.js';
import { StoresService, storeTimeZoneSql } from '../../stores/index.js';

/** What the timeline tells of an appointment: booked (when it was made), then how it ended. */
const EVENTS = {
  booked: { type: 'appointment.booked', verb: 'booked' },
  cancelled: { type: 'appointment.cancelled', verb: 'cancelled' },
  no_show: { type: 'appointment.no_show', verb: 'missed (no-show)' },
  completed: { type: 'appointment.completed', verb: 'completed' },
} as const;
type TimelineEvent = keyof typeof EVENTS;

export interface AppointmentTimelineRow {
  /** `<appointment id>/<event>`: an appointment is booked once and ends once. */
  id: string;
  at: Date;
  event: TimelineEvent;
  recordId: string;
  actorType: string;
  actorId: string | null;
  reason: string | null;
  appointmentId: string;
  number: string;
  storeId: string;
  timeZone: string;
  startsAt: Date;
  lateCancellation: boolean;
}

const MAX_KEY = '~';

/**
 * The bound in `(at, id)` order (ids compared as `COLLATE "C"`) for entries after `before`: this
 * source's own key, or for another source's key at the same instant all of ours (they sort before
 * it) or none (they sort after).
 */
export function textBound(source: string, before: TimelinePosition | null): { at: Date; id: string } | null {
  if (!before) return null;
  const prefix = `${source}:`;
  if (before.key.startsWith(prefix)) return { at: before.at, id: before.key.slice(prefix.length) };
  return { at: before.at, id: before.key > prefix ? MAX_KEY : '' };
}

/** A timeline entry of one appointment event (pure). `showReason`: free text, as the customers module decides. */
export function appointmentTimelineEntry(row: AppointmentTimelineRow, storeName: string | null, showReason: boolean): TimelineEntry {
  const when = instantFormatter(row.timeZone)(row.startsAt.getTime()).slice(0, 16).replace('T', ' ');
  const reason = showReason ? row.reason : null;
  const late = row.event === 'cancelled' && row.lateCancellation ? ' late' : '';
  const where = storeName ? ` at ${storeName}` : '';
  const actor: TimelineEntry['actor'] =
    row.actorType === 'user' || row.actorType === 'api_key'
      ? { type: row.actorType, id: row.actorId, name: null }
      : row.actorType === 'customer'
        ? { type: null, id: row.actorId, name: 'Customer' }
        : { type: 'system' as const, id: null, name: 'System' };
  return {
    source: 'appointments',
    id: row.id,
    at: row.at,
    type: EVENTS[row.event].type,
    summary: `Appointment ${row.number} for ${when}${where} ${EVENTS[row.event].verb}${late}${reason ? `: ${reason}` : ''}`,
    actor,
    recordId: row.recordId,
    data: {
      appointmentId: row.appointmentId,
      number: row.number,
      storeId: row.storeId,
      start: instantFormatter(row.timeZone)(row.startsAt.getTime()),
      lateCancellation: row.lateCancellation,
      reason,
    },
  };
}

/**
 * Appointments on the customer timeline: each booked (at the time it was made), and cancelled,
 * missed or completed (at the time of that change, from the status history). One statement, plus
 * the stores' names.
 */
@Injectable()
export class AppointmentTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'appointments';

  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(Db) private readonly db: Db,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit, privacy }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = textBound(this.name, before);
    const rows = await this.db.rows<AppointmentTimelineRow>(
      `SELECT e.id, e.at, e.event, e."actorType", e."actorId", e.reason, a.customer_id AS "recordId", a.id AS "appointmentId", a.number, a.store_id AS "storeId",
              ${storeTimeZoneSql('a.store_id')} AS "timeZone", a.starts_at AS "startsAt", a.late_cancellation AS "lateCancellation"
         FROM (
           SELECT a.id::text || '/booked' AS id, a.created_at AS at, 'booked' AS event, a.booked_by_type AS "actorType", a.booked_by_id AS "actorId",
                  NULL::text AS reason, a.id AS appointment_id
             FROM appointment a WHERE a.customer_id = ANY($1::uuid[])
           UNION ALL
           SELECT h.appointment_id::text || '/' || h.to_status, h.at, h.to_status, h.actor_type, h.actor_id, h.reason, h.appointment_id
             FROM appointment_status_history h JOIN appointment a ON a.id = h.appointment_id
            WHERE a.customer_id = ANY($1::uuid[]) AND h.to_status IN ('cancelled', 'no_show', 'completed')
         ) e JOIN appointment a ON a.id = e.appointment_id
        WHERE $2::timestamptz IS NULL OR (e.at, e.id COLLATE "C") < ($2::timestamptz, $3::text COLLATE "C")
        ORDER BY e.at DESC, e.id COLLATE "C" DESC
        LIMIT $4`,
      [customerIds, bound?.at.toISOString() ?? null, bound?.id ?? null, limit],
    );
    if (rows.length === 0) return [];
    const stores = new Map((await this.stores.describeStores(rows.map((row) => row.storeId))).map((store) => [store.id, store.name]));
    return rows.map((row) => appointmentTimelineEntry(row, stores.get(row.storeId) ?? null, privacy.careNotes));
  }
}
