import { Inject, Injectable } from '@nestjs/common';
import { instantFormatter } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { assertVisible } from '../appointment-access.js';
import type { AppointmentStatus } from '../booking/appointment.entity.js';
import { AppointmentRecords } from '../booking/appointment-records.js';
import { toAppointmentResponse, type AppointmentResponseDto } from '../booking/dto/appointment-response.dto.js';
import type { AppointmentHistoryResponseDto } from './dto/lifecycle.dto.js';

/** One appointment and its status history, for staff of its store and keys limited to it. */
@Injectable()
export class AppointmentReader {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
  ) {}

  async get(actor: Actor, id: string): Promise<AppointmentResponseDto> {
    return toAppointmentResponse(assertVisible(actor, await this.records.find(id), id));
  }

  /** Every move, in the order it happened (`at`, then the row's identity: two moves in one millisecond keep their order). */
  async history(actor: Actor, id: string): Promise<AppointmentHistoryResponseDto> {
    const record = assertVisible(actor, await this.records.find(id), id);
    const rows = await this.db.rows<{ from: AppointmentStatus; to: AppointmentStatus; at: Date; actorType: string; actorId: string | null; reason: string | null }>(
      `SELECT from_status AS "from", to_status AS "to", at, actor_type AS "actorType", actor_id AS "actorId", reason
         FROM appointment_status_history WHERE appointment_id = $1 ORDER BY at, id`,
      [record.id],
    );
    const at = instantFormatter(record.timeZone);
    return { appointmentId: record.id, data: rows.map((row) => ({ ...row, at: at(row.at.getTime()) })) };
  }
}
