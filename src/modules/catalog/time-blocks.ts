/**
 * The time blocks of a service variation. A variation takes `durationMinutes` of the client's
 * time: active work, then processing (colour develops: the beautician is free for another client,
 * the chair is not), then finishing. The clean-up buffer comes after the duration. Pure.
 *
 * A service sets default processing, finishing and buffer minutes; a variation may override any
 * block. An active block the variation does not set is what the others leave of the duration.
 */
import type { FieldError } from '../../common/errors/index.js';
import { MAX_MINUTES, MINUTE_STEP } from './catalog-rules.js';

export interface TimeBlocks {
  activeMinutes: number;
  processingMinutes: number;
  finishingMinutes: number;
  bufferMinutes: number;
}

/** The service's defaults (it has no active default: that depends on each variation's duration). */
export type ServiceTimeBlocks = Omit<TimeBlocks, 'activeMinutes'>;

/** A variation's own blocks; null inherits. */
export type TimeBlockOverrides = { [K in keyof TimeBlocks]: number | null };

export const NO_OVERRIDES: TimeBlockOverrides = { activeMinutes: null, processingMinutes: null, finishingMinutes: null, bufferMinutes: null };

export function effectiveTimeBlocks(durationMinutes: number, service: ServiceTimeBlocks, own: TimeBlockOverrides): TimeBlocks {
  const processingMinutes = own.processingMinutes ?? service.processingMinutes;
  const finishingMinutes = own.finishingMinutes ?? service.finishingMinutes;
  return {
    activeMinutes: own.activeMinutes ?? durationMinutes - processingMinutes - finishingMinutes,
    processingMinutes,
    finishingMinutes,
    bufferMinutes: own.bufferMinutes ?? service.bufferMinutes,
  };
}

/**
 * What is wrong with a variation's blocks, as field errors under `prefix` (`variations[1].`), or
 * `[]`. Blocks the variation set itself are blamed on `timeBlocks`; a shortfall caused by the
 * service's defaults is blamed on `durationMinutes`.
 */
export function timeBlockProblems(durationMinutes: number, service: ServiceTimeBlocks, own: TimeBlockOverrides, prefix = ''): FieldError[] {
  const blocks = effectiveTimeBlocks(durationMinutes, service, own);
  const { activeMinutes: a, processingMinutes: p, finishingMinutes: f } = blocks;
  if (own.activeMinutes !== null) {
    if (a + p + f !== durationMinutes) {
      return [{ field: `${prefix}timeBlocks`, message: `active + processing + finishing (${a} + ${p} + ${f} = ${a + p + f}) must equal durationMinutes (${durationMinutes})` }];
    }
    return [];
  }
  if (a < MINUTE_STEP) {
    const field = own.processingMinutes !== null || own.finishingMinutes !== null ? `${prefix}timeBlocks` : `${prefix}durationMinutes`;
    return [{ field, message: `must leave at least ${MINUTE_STEP} minutes of active work: duration ${durationMinutes} minus processing ${p} and finishing ${f} leaves ${a}` }];
  }
  return [];
}

/** Blocks every variation can live with: each a multiple of the step, within a day. */
export function isBlockMinutes(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_MINUTES && value % MINUTE_STEP === 0;
}
