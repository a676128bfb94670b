/** class-validator decorators for store values; the rules themselves live in pure modules. */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { CLOSE_TIME, dayIntervalsProblem, OPEN_TIME, type HoursInterval } from './business-hours.js';

function wellFormed(value: unknown): value is HoursInterval[] {
  return (
    Array.isArray(value) &&
    value.every((item) => item && typeof item === 'object' && OPEN_TIME.test(String((item as HoursInterval).open)) && CLOSE_TIME.test(String((item as HoursInterval).close)))
  );
}

/**
 * One day's intervals open before they close and do not overlap. Malformed items are left to
 * their own field errors (`businessHours.monday[0].open`), so each problem is reported once.
 */
export const ValidDayIntervals = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'validDayIntervals',
      validator: {
        validate: (value) => !wellFormed(value) || dayIntervalsProblem(value) === undefined,
        defaultMessage: (args) => (wellFormed(args?.value) ? (dayIntervalsProblem(args.value) ?? 'is not valid') : 'is not valid'),
      },
    },
    options,
  );

/** A closed day has no opening intervals: `intervals` must be left out or empty when `kind` is `closed`. */
export const EmptyWhenClosed = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'emptyWhenClosed',
      validator: {
        validate: (value, args) => (args?.object as { kind?: unknown }).kind !== 'closed' || value === undefined || value === null || (Array.isArray(value) && value.length === 0),
        defaultMessage: () => 'must be left out when kind is closed (use special_hours for reduced hours)',
      },
    },
    options,
  );

/** Quiet hours of no length are meaningless: `end` must differ from `start` on the same object (null is "none"). */
export const DiffersFromStart = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'differsFromStart',
      validator: {
        validate: (value, args) => value !== (args?.object as { start?: unknown }).start,
        defaultMessage: () => 'must differ from start (send quietHours: null for no quiet hours)',
      },
    },
    options,
  );
