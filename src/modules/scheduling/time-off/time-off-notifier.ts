import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { NotificationRecipients, NotificationsService } from '../../notifications/index.js';
import { StoresService } from '../../stores/index.js';
import type { StaffMemberRef } from '../staff-access.js';
import { describeSpan } from './time-off-span.js';
import { actingUserId, type TimeOffRow } from './time-off-rows.js';
import { TIME_OFF_CANCELLED, TIME_OFF_DECIDED, TIME_OFF_REQUESTED, typeFlags } from './time-off.notifications.js';

/**
 * Tells staff about time off, inside the use case's transaction (a rollback sends nothing): the
 * managers of the person's stores of a new request, the person (and whoever asked for them) of a
 * decision. Nobody is told of what they did themselves.
 */
@Injectable()
export class TimeOffNotifier {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
    @Inject(StoresService) private readonly stores: StoresService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async requested(actor: Actor, member: StaffMemberRef, row: TimeOffRow): Promise<void> {
    const userIds = (await this.managersOf(member)).filter((id) => id !== actingUserId(actor) && id !== member.userId);
    if (userIds.length === 0) return;
    await this.notifications.toStaff(
      { userIds },
      TIME_OFF_REQUESTED.key,
      { staffName: member.name, period: await this.period(member, row), reason: row.reason ?? '', ...typeFlags(row.type) },
      storeOf(member),
    );
  }

  async decided(actor: Actor, member: StaffMemberRef, row: TimeOffRow): Promise<void> {
    const userIds = [...new Set([member.userId, row.requestedBy])].filter((id): id is string => id !== null && id !== actingUserId(actor));
    if (userIds.length === 0) return;
    await this.notifications.toStaff(
      { userIds },
      TIME_OFF_DECIDED.key,
      {
        staffName: member.name,
        period: await this.period(member, row),
        approved: row.status === 'approved' ? 1 : '',
        decidedBy: actor.name ?? '',
        note: row.decisionNote ?? '',
        ...typeFlags(row.type),
      },
      storeOf(member),
    );
  }

  /** The managers of the person's stores and the person hear of it, except whoever cancelled it. */
  async cancelled(actor: Actor, member: StaffMemberRef, row: TimeOffRow, wasApproved: boolean): Promise<void> {
    const userIds = [...new Set([...(await this.managersOf(member)), member.userId])].filter((id): id is string => id !== null && id !== actingUserId(actor));
    if (userIds.length === 0) return;
    await this.notifications.toStaff(
      { userIds },
      TIME_OFF_CANCELLED.key,
      { staffName: member.name, period: await this.period(member, row), wasApproved: wasApproved ? 1 : '', cancelledBy: actor.name ?? '', ...typeFlags(row.type) },
      storeOf(member),
    );
  }

  private async managersOf(member: StaffMemberRef): Promise<string[]> {
    const managers = new Set<string>();
    for (const storeId of member.storeIds) {
      for (const manager of await this.recipients.staff.members({ roles: ['manager'], storeId })) managers.add(manager.userId);
    }
    return [...managers];
  }

  /** Whole days as entered; times in the zone of their first store (the business's when they have none). */
  private async period(member: StaffMemberRef, row: TimeOffRow): Promise<string> {
    const zone = row.timeZone ?? (member.storeIds[0] ? await this.stores.getTimeZone(member.storeIds[0]) : this.config.BUSINESS_TIME_ZONE);
    return describeSpan({ start: row.startsAt.getTime(), end: row.endsAt.getTime(), allDay: row.allDay }, zone);
  }
}

/** The store a message is about: theirs when they have one store (with several, none in particular). */
function storeOf(member: StaffMemberRef): { storeId?: string } {
  return member.storeIds.length === 1 ? { storeId: member.storeIds[0] } : {};
}
