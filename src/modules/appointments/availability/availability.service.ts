import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore } from '../../../common/auth/index.js';
import { addDays, Clock, daysBetween, instantFormatter, startOfDay } from '../../../common/clock/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { moneyOf } from '../../../common/money/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { AvailabilityInputs, type AvailabilityQuery, type LoadedAvailability } from './availability-inputs.js';
import type { Slot } from './availability-model.js';
import { findSlots, nearestSlots } from './calculator.js';
import {
  MAX_SEARCH_DAYS,
  type AvailabilityCriteriaDto,
  type AvailabilityQueryDto,
  type AvailabilityResponseDto,
  type NearestQueryDto,
  type SlotDto,
} from './dto/availability.dto.js';

/** A window wide enough in any time zone (UTC−12 to UTC+14): the store's zone is known once loaded. */
const ANY_ZONE_MS = 15 * 3_600_000;
const DAY_MS = 86_400_000;
/** Suggestions look this many days either side of the wanted time. */
const NEAREST_DAYS = 7;
/** The most starts one search answers (31 days of 5-minute slots would be ~9,000). */
export const MAX_SLOTS = 2_000;

/**
 * The availability search (`GET /v1/availability`, `/nearest`): loads one store's facts
 * (AvailabilityInputs, at most five queries for one service) and answers with the pure calculator.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @Inject(AvailabilityInputs) private readonly inputs: AvailabilityInputs,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async search(actor: Actor, query: AvailabilityQueryDto): Promise<AvailabilityResponseDto> {
    const days = daysBetween(query.from, query.to) + 1;
    if (days < 1) throw AppointmentErrors.invalid([{ field: 'to', message: 'must not be before from' }]);
    if (days > MAX_SEARCH_DAYS)
      throw AppointmentErrors.invalid([{ field: 'to', message: `must be at most ${MAX_SEARCH_DAYS - 1} days after from (${MAX_SEARCH_DAYS} days in all)` }]);
    const from = Date.parse(`${query.from}T00:00:00Z`) - ANY_ZONE_MS;
    const to = Date.parse(`${addDays(query.to, 1)}T00:00:00Z`) + ANY_ZONE_MS;
    const loaded = await this.load(actor, query, from, to, query.staffMemberIds);
    const { timeZone } = loaded.problem;
    const problem = { ...loaded.problem, from: startOfDay(query.from, timeZone), to: startOfDay(addDays(query.to, 1), timeZone) };
    return this.answer(query.storeId, loaded, findSlots(problem, { maxSlots: MAX_SLOTS }));
  }

  /** The wanted time is taken: the nearest free ones, the same local day first, the staff asked for first. */
  async nearest(actor: Actor, query: NearestQueryDto): Promise<AvailabilityResponseDto> {
    const wanted = Date.parse(query.at);
    // Every qualified staff member is a candidate; the ones asked for are preferred, not required.
    const loaded = await this.load(actor, query, wanted - NEAREST_DAYS * DAY_MS, wanted + NEAREST_DAYS * DAY_MS, undefined);
    return this.answer(query.storeId, loaded, nearestSlots(loaded.problem, wanted, query.count ?? 5, query.staffMemberIds ?? []));
  }

  private async load(actor: Actor, criteria: AvailabilityCriteriaDto, from: number, to: number, staffMemberIds: string[] | undefined): Promise<LoadedAvailability> {
    // Another store's id answers as an unknown one, so ids of other stores tell nothing.
    if (!canSeeStore(actor, criteria.storeId)) throw AppointmentErrors.storeNotFound(criteria.storeId);
    const request: AvailabilityQuery = {
      storeId: criteria.storeId,
      variationIds: criteria.variationIds,
      mode: criteria.mode ?? 'sequential',
      from: new Date(from),
      to: new Date(to),
      staffMemberIds,
      levelId: criteria.levelId,
      ...forApps(actor, criteria),
    };
    const loaded = await this.inputs.load(request, this.clock.now());
    const unavailable = loaded.variations.flatMap((variation, i) => {
      const field = `variationIds[${i}]`;
      if (!variation) return [{ field, message: 'names no service variation' }];
      if (!variation.sellable) return [{ field, message: `${variation.serviceName} · ${variation.variationName} is not offered in this store` }];
      if (request.online && !variation.bookableOnline) return [{ field, message: `${variation.serviceName} · ${variation.variationName} cannot be booked online` }];
      return [];
    });
    if (unavailable.length > 0) throw AppointmentErrors.variationUnavailable(unavailable);
    return loaded;
  }

  private answer(storeId: string, loaded: LoadedAvailability, slots: Slot[]): AvailabilityResponseDto {
    const { timeZone, slotMinutes } = loaded.problem;
    const at = instantFormatter(timeZone);
    return { storeId: storeId.toLowerCase(), timeZone, slotMinutes, slots: slots.map((slot) => toSlotDto(slot, at)) };
  }
}

export function toSlotDto(slot: Slot, at: (ms: number) => string): SlotDto {
  return {
    start: at(slot.start),
    end: at(slot.end),
    price: moneyOf(slot.price.amount, slot.price.currency),
    segments: slot.segments.map((segment) => ({
      variationId: segment.variationId,
      staffMemberId: segment.staffMemberId,
      resourceId: segment.resourceId,
      start: at(segment.start),
      end: at(segment.end),
      price: moneyOf(segment.price.amount, segment.price.currency),
    })),
  };
}

/**
 * What a customers' app may ask: only what is bookable online, and a customer session for itself (its
 * preferred staff first); a publishable key for no customer (whose preferred staff would show through).
 */
function forApps(actor: Actor, criteria: AvailabilityCriteriaDto): { online: boolean; customerId: string | undefined } {
  if (actor.kind === 'customer') return { online: true, customerId: actor.id };
  if (actor.kind === 'publishable_key') return { online: true, customerId: undefined };
  return { online: criteria.online ?? false, customerId: criteria.customerId };
}
