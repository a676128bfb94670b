/**
 * What a variation costs and takes when a staff member of a given level performs it. Pure.
 *
 * Price: the store's own price wins where it has one (a store prices for its street, whoever cuts),
 * then the level's, then the catalog's. Duration: the level's, else the variation's. Time blocks:
 * the active block absorbs the difference (a director works faster, the colour develops as long).
 */
import type { FieldError } from '../../common/errors/index.js';
import { moneyOf, type Money } from '../../common/money/index.js';
import { MINUTE_STEP } from './catalog-rules.js';
import type { TimeBlocks } from './time-blocks.js';

export type PriceSource = 'store' | 'level' | 'catalog';

/** One level's row of `variation_level_price`: either part may be null (the catalog's applies). */
export interface LevelOverride {
  levelId: string;
  /** Minor units, as PostgreSQL's bigint text. */
  amount: string | null;
  currency: string | null;
  durationMinutes: number | null;
}

/** The variation as the store sells it, before any level. */
export interface BaseTerms {
  catalogAmount: string;
  /** The store's own price, or null. */
  storeAmount: string | null;
  currency: string;
  durationMinutes: number;
  /** In effect (the service's defaults filled in). */
  timeBlocks: TimeBlocks;
}

export interface EffectiveTerms {
  price: Money;
  priceSource: PriceSource;
  durationMinutes: number;
  timeBlocks: TimeBlocks;
}

export function effectiveTerms(base: BaseTerms, level?: LevelOverride | null): EffectiveTerms {
  let price: Money;
  let priceSource: PriceSource;
  if (base.storeAmount !== null) {
    price = moneyOf(base.storeAmount, base.currency);
    priceSource = 'store';
  } else if (level && level.amount !== null) {
    price = moneyOf(level.amount, level.currency ?? base.currency);
    priceSource = 'level';
  } else {
    price = moneyOf(base.catalogAmount, base.currency);
    priceSource = 'catalog';
  }
  const durationMinutes = level?.durationMinutes ?? base.durationMinutes;
  const timeBlocks = { ...base.timeBlocks, activeMinutes: base.timeBlocks.activeMinutes + durationMinutes - base.durationMinutes };
  return { price, priceSource, durationMinutes, timeBlocks };
}

/**
 * A level's duration must leave at least one step of active work once the variation's processing
 * and finishing are taken out (they do not shrink for a senior: the colour develops as long).
 */
export function levelDurationProblem(durationMinutes: number, blocks: Pick<TimeBlocks, 'processingMinutes' | 'finishingMinutes'>, field = 'durationMinutes'): FieldError | null {
  const active = durationMinutes - blocks.processingMinutes - blocks.finishingMinutes;
  if (active >= MINUTE_STEP) return null;
  return {
    field,
    message: `must leave at least ${MINUTE_STEP} minutes of active work: ${durationMinutes} minus processing ${blocks.processingMinutes} and finishing ${blocks.finishingMinutes} leaves ${active}`,
  };
}

/** Each level's duration checked against new processing and finishing (a variation or its service changing them), under `field`. */
export function levelDurationProblems(levels: readonly LevelOverride[], blocks: Pick<TimeBlocks, 'processingMinutes' | 'finishingMinutes'>, field: string): FieldError[] {
  return levels.flatMap((level) => {
    const problem = level.durationMinutes === null ? null : levelDurationProblem(level.durationMinutes, blocks, field);
    return problem ? [{ field, message: `the duration at level ${level.levelId} (${level.durationMinutes} minutes) ${problem.message}` }] : [];
  });
}
