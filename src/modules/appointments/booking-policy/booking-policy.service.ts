import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { assertBusinessCurrency } from '../../../common/money/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { BookingPolicies, POLICY_COLUMNS, toPolicyValues, type BookingPolicyRow } from './booking-policies.js';
import { toBookingPolicyResponse, type BookingPolicyResponseDto, type PutBookingPolicyDto } from './dto/booking-policy.dto.js';

/**
 * The booking-policy use cases behind /v1/stores/{id}/booking-policy. A store without a row follows the
 * defaults (version 0); the first PUT creates the row (version 1), later ones need If-Match.
 */
@Injectable()
export class BookingPolicyService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(BookingPolicies) private readonly policies: BookingPolicies,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async get(actor: Actor, storeId: string): Promise<BookingPolicyResponseDto> {
    await this.assertStore(actor, storeId);
    const { policy, updatedAt } = await this.policies.withUpdatedAt(storeId);
    return toBookingPolicyResponse(policy, updatedAt);
  }

  /**
   * Replaces the policy whole. `expectedVersion` (If-Match) is required once the store has a row; 0 (or
   * none) creates the first. Of two first PUTs at once, one inserts and the other finds the row and
   * answers 428 as if it had been there all along; of two with the same version, one answers 412.
   */
  @Transactional()
  async put(actor: Actor, storeId: string, expectedVersion: number | undefined, dto: PutBookingPolicyDto): Promise<BookingPolicyResponseDto> {
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['lateCancellationFee.currency', dto.lateCancellationFee?.currency]]);
    await this.assertStore(actor, storeId);
    const before = await this.policies.withUpdatedAt(storeId, true);
    if (before.policy.version > 0 && expectedVersion === undefined) throw CommonErrors.preconditionRequired();
    if (expectedVersion !== undefined && expectedVersion !== before.policy.version) throw CommonErrors.preconditionFailed();

    const values = [
      storeId,
      dto.slotMinutes,
      dto.minNoticeMinutes,
      dto.horizonDays,
      dto.dailyCapPerStaff,
      dto.cancellationWindowMinutes,
      dto.lateCancellationFee?.amount ?? null,
      dto.lateCancellationFee?.currency ?? null,
      dto.noShowAfterMinutes,
      dto.reminderOffsetsMinutes,
      dto.holdMinutes,
    ];
    const [row] =
      before.policy.version === 0
        ? await this.db.rows<BookingPolicyRow>(
            `INSERT INTO booking_policy AS p (store_id, slot_minutes, min_notice_minutes, horizon_days, daily_cap_per_staff, cancellation_window_minutes,
                    late_cancellation_fee_amount, late_cancellation_fee_currency, no_show_after_minutes, reminder_offsets_minutes, hold_minutes)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::int[], $11)
             ON CONFLICT (store_id) DO NOTHING RETURNING ${POLICY_COLUMNS}`,
            values,
          )
        : await this.db.rows<BookingPolicyRow>(
            `UPDATE booking_policy AS p SET slot_minutes = $2, min_notice_minutes = $3, horizon_days = $4, daily_cap_per_staff = $5,
                    cancellation_window_minutes = $6, late_cancellation_fee_amount = $7, late_cancellation_fee_currency = $8,
                    no_show_after_minutes = $9, reminder_offsets_minutes = $10::int[], hold_minutes = $11, version = version + 1, updated_at = now()
              WHERE p.store_id = $1 AND p.version = $12 RETURNING ${POLICY_COLUMNS}`,
            [...values, before.policy.version],
          );
    // Another first PUT inserted meanwhile: this one was sent without knowing of it.
    if (!row) throw before.policy.version === 0 && expectedVersion === undefined ? CommonErrors.preconditionRequired() : CommonErrors.preconditionFailed();
    this.policies.forget(storeId);
    const after = toBookingPolicyResponse(toPolicyValues(storeId, row), new Date(row.updatedAt));
    await this.audit.record({
      action: 'booking_policy.put',
      entityType: 'booking_policy',
      entityId: storeId,
      storeId,
      before: toBookingPolicyResponse(before.policy, before.updatedAt),
      after,
    });
    return after;
  }

  /** `store.not_found` for a store the actor may not see or that does not exist. */
  private async assertStore(actor: Actor, storeId: string): Promise<void> {
    if (!isUuid(storeId) || !canSeeStore(actor, storeId)) throw AppointmentErrors.storeNotFound(storeId);
    await this.stores.getTimeZone(storeId);
  }
}
