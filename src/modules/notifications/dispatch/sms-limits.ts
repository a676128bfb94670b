import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';

const HOUR_MS = 3_600_000;
/** The share of the daily budget at which owners are told. */
export const BUDGET_WARNING_SHARE = 0.8;

export type SmsLimitAnswer = { allowed: true; budgetWarning?: { used: number; budget: number; date: string } } | { allowed: false; reason: 'rate_limited' | 'budget_exhausted' };

class Refused extends Error {
  constructor(readonly reason: 'rate_limited' | 'budget_exhausted') {
    super(reason);
  }
}

/**
 * The SMS limits, taken when a message is about to go out (so what a rollback or a deferral never
 * sent costs nothing): per phone in any rolling hour, and per business day. Each is a counter row
 * moved by one conditional upsert, so parallel sends queue on the row and exactly the allowed number
 * pass. The rolling hour is the usual two-window estimate: this hour's count plus the previous hour's,
 * weighted by how much of it is still inside the last 60 minutes.
 */
@Injectable()
export class SmsLimits {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Takes one SMS for the notification's current attempt cycle (once: a retry of the same cycle takes
   * nothing). Urgent service messages pass the daily budget (and count against it), never the phone's limit.
   */
  async take(notificationId: string, phone: string, options: { exemptFromBudget: boolean }): Promise<SmsLimitAnswer> {
    try {
      return await this.db.transaction(async () => {
        const first = await this.db.execute('UPDATE notification SET limits_taken_at = now() WHERE id = $1 AND limits_taken_at IS NULL', [notificationId]);
        if (first === 0) return { allowed: true };
        await this.takePhone(phone);
        return { allowed: true, budgetWarning: await this.takeBudget(options.exemptFromBudget) };
      });
    } catch (error) {
      if (error instanceof Refused) return { allowed: false, reason: error.reason };
      throw error;
    }
  }

  private async takePhone(phone: string): Promise<void> {
    const now = this.clock.nowMs();
    const hour = Math.floor(now / HOUR_MS);
    // The number is not kept in the clear: only whether it was texted recently.
    const scope = `phone:${createHmac('sha256', this.config.JWT_SECRET).update(phone).digest('base64url')}`;
    const [previous] = await this.db.rows<{ count: number }>('SELECT count FROM notification_sms_counter WHERE scope = $1 AND period = $2', [scope, String(hour - 1)]);
    const carried = Math.floor((previous?.count ?? 0) * (1 - (now - hour * HOUR_MS) / HOUR_MS));
    const taken = await this.db.rows(
      `INSERT INTO notification_sms_counter AS c (scope, period, count) SELECT $1, $2, 1 WHERE 1 + $3::int <= $4::int
       ON CONFLICT (scope, period) DO UPDATE SET count = c.count + 1, updated_at = now() WHERE c.count + 1 + $3::int <= $4::int
       RETURNING count`,
      [scope, String(hour), carried, this.config.NOTIFICATION_SMS_PER_PHONE_PER_HOUR],
    );
    if (taken.length === 0) throw new Refused('rate_limited');
  }

  private async takeBudget(exempt: boolean): Promise<{ used: number; budget: number; date: string } | undefined> {
    const budget = this.config.NOTIFICATION_SMS_DAILY_BUDGET;
    if (budget === 0) return undefined;
    const date = this.clock.today(this.config.BUSINESS_TIME_ZONE);
    const [row] = await this.db.rows<{ count: number }>(
      `INSERT INTO notification_sms_counter AS c (scope, period, count) SELECT 'budget', $1, 1 WHERE $2::int >= 1 OR $3::boolean
       ON CONFLICT (scope, period) DO UPDATE SET count = c.count + 1, updated_at = now() WHERE c.count < $2::int OR $3::boolean
       RETURNING count`,
      [date, budget, exempt],
    );
    if (!row) throw new Refused('budget_exhausted');
    // Counts move one at a time under the row's lock, so exactly one send lands on the threshold.
    return row.count === Math.ceil(budget * BUDGET_WARNING_SHARE) ? { used: row.count, budget, date } : undefined;
  }
}
