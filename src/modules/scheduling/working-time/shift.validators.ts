/** class-validator decorators for working time; the rules themselves live in shift-day.ts. */
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { isPlainDate } from '../../../common/clock/index.js';
import { WEEKDAYS } from '../../stores/index.js';
import { breaksProblem, endProblem } from './shift-day.js';
import type { LocalSpan } from './template-week.js';

const holder = (args?: ValidationArguments) => (args?.object ?? {}) as Partial<LocalSpan> & { breaks?: Partial<LocalSpan>[] } & Record<string, unknown>;

/** On `end`: after `start` of the same object, at most 16 hours after (for a shift; a break lies inside one anyway). */
export const EndAfterStart = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'endAfterStart',
      validator: {
        validate: (_value, args) => endProblem(holder(args)) === undefined,
        defaultMessage: (args) => endProblem(holder(args)) ?? 'is not valid',
      },
    },
    options,
  );

/** On `breaks`: each inside the shift of the same object, none overlapping another. */
export const ValidBreaks = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'validBreaks',
      validator: {
        validate: (value, args) => breaksProblem(holder(args), value as Partial<LocalSpan>[]) === undefined,
        defaultMessage: (args) => breaksProblem(holder(args), args?.value as Partial<LocalSpan>[]) ?? 'is not valid',
      },
    },
    options,
  );

/** On a date: not before the date in `field` of the same object (when both are dates). */
export const NotBefore = (field: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notBefore',
      validator: {
        validate: (value, args) => {
          const other = holder(args)[field];
          return typeof value !== 'string' || typeof other !== 'string' || !isPlainDate(other) || value >= other;
        },
        defaultMessage: () => `must not be before ${field}`,
      },
    },
    options,
  );

/** On a template's `week`: at least one weekday worked. */
export const HasWorkingDay = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'hasWorkingDay',
      validator: {
        validate: (value) => !value || typeof value !== 'object' || WEEKDAYS.some((day) => (value as Record<string, unknown>)[day]),
        defaultMessage: () => 'must have at least one working day',
      },
    },
    options,
  );
