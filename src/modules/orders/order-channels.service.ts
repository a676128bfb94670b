import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { isUuid } from '../../common/validation/index.js';
import { StoresService } from '../stores/index.js';
import type { OrderChannelResponseDto, PutOrderChannelDto } from './dto/order-channel.dto.js';
import { ORDER_CHANNELS, type OrderChannel } from './order.entity.js';
import { OrderErrors } from './orders.errors.js';

interface AssignmentRow {
  channel: OrderChannel;
  responsibleStaffMemberId: string | null;
  team: string | null;
  confirmWindowMinutes: number | null;
  shipWindowMinutes: number | null;
  windowsInBusinessHours: boolean;
  updatedAt: Date;
}

/** Routing: per store and channel, who confirms its orders and which team handles them (owners and managers set it). */
export interface OrderRoute {
  responsibleStaffMemberId: string | null;
  team: string | null;
  confirmWindowMinutes: number | null;
  windowsInBusinessHours: boolean;
}

@Injectable()
export class OrderChannelsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  async list(actor: Actor, storeId: string): Promise<OrderChannelResponseDto[]> {
    await this.assertStore(actor, storeId);
    const rows = await this.rows(storeId);
    return ORDER_CHANNELS.map((channel) =>
      toResponse(
        storeId,
        channel,
        rows.find((row) => row.channel === channel),
      ),
    );
  }

  async get(actor: Actor, storeId: string, channel: OrderChannel): Promise<OrderChannelResponseDto> {
    await this.assertStore(actor, storeId);
    return toResponse(storeId, channel, (await this.rows(storeId, channel))[0]);
  }

  @Transactional()
  async put(actor: Actor, storeId: string, channel: OrderChannel, dto: PutOrderChannelDto): Promise<OrderChannelResponseDto> {
    await this.assertStore(actor, storeId);
    const [before] = await this.rows(storeId, channel);
    await this.db.execute(
      `INSERT INTO order_channel_assignment (store_id, channel, responsible_staff_member_id, team, confirm_window_minutes, ship_window_minutes, windows_in_business_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (store_id, channel) DO UPDATE SET responsible_staff_member_id = EXCLUDED.responsible_staff_member_id, team = EXCLUDED.team,
         confirm_window_minutes = EXCLUDED.confirm_window_minutes, ship_window_minutes = EXCLUDED.ship_window_minutes,
         windows_in_business_hours = EXCLUDED.windows_in_business_hours, version = order_channel_assignment.version + 1, updated_at = now()`,
      [
        storeId,
        channel,
        dto.responsibleStaffMemberId?.toLowerCase() ?? null,
        dto.team ?? null,
        dto.confirmWindowMinutes ?? null,
        dto.shipWindowMinutes ?? null,
        dto.windowsInBusinessHours ?? false,
      ],
    );
    const after = toResponse(storeId, channel, (await this.rows(storeId, channel))[0]);
    await this.audit.record({ action: 'order_channel.put', entityType: 'order_channel_assignment', entityId: storeId, storeId, before: before ?? null, after });
    return after;
  }

  /** The routing of one store's channel, for intake: null fields when the store set nothing. */
  /** Who takes a new order of this channel, and the store's own confirmation window for it (null: the platform's). */
  async routeOf(storeId: string, channel: OrderChannel): Promise<OrderRoute> {
    const [row] = await this.rows(storeId, channel);
    return {
      responsibleStaffMemberId: row?.responsibleStaffMemberId ?? null,
      team: row?.team ?? null,
      confirmWindowMinutes: row?.confirmWindowMinutes ?? null,
      windowsInBusinessHours: row?.windowsInBusinessHours ?? false,
    };
  }

  private rows(storeId: string, channel?: OrderChannel): Promise<AssignmentRow[]> {
    return this.db.rows<AssignmentRow>(
      `SELECT channel, responsible_staff_member_id AS "responsibleStaffMemberId", team, confirm_window_minutes AS "confirmWindowMinutes",
              ship_window_minutes AS "shipWindowMinutes", windows_in_business_hours AS "windowsInBusinessHours", updated_at AS "updatedAt"
         FROM order_channel_assignment WHERE store_id = $1 AND ($2::text IS NULL OR channel = $2)`,
      [storeId, channel ?? null],
    );
  }

  private async assertStore(actor: Actor, storeId: string): Promise<void> {
    if (!isUuid(storeId) || !canSeeStore(actor, storeId)) throw OrderErrors.storeNotFound(storeId);
    await this.stores.getTimeZone(storeId);
  }
}

function toResponse(storeId: string, channel: OrderChannel, row: AssignmentRow | undefined): OrderChannelResponseDto {
  return {
    storeId,
    channel,
    responsibleStaffMemberId: row?.responsibleStaffMemberId ?? null,
    team: row?.team ?? null,
    confirmWindowMinutes: row?.confirmWindowMinutes ?? null,
    shipWindowMinutes: row?.shipWindowMinutes ?? null,
    windowsInBusinessHours: row?.windowsInBusinessHours ?? false,
    assigned: row !== undefined,
    updatedAt: row?.updatedAt ?? null,
  };
}
