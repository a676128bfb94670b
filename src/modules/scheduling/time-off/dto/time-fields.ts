/**
 * Validators for the two ways scheduling's requests give a time: an instant with its offset
 * (`2027-03-01T14:00:00+08:00`, nothing left to guess) or a calendar date (`2027-03-01`). Instants
 * carry at most milliseconds, so list cursors made from them round-trip exactly.
 */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isPlainDate } from '../../../../common/clock/index.js';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isPlainDate(match[1]) && !Number.isNaN(Date.parse(value));
}

export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: { validate: isInstant, defaultMessage: () => 'must be a time with its offset, e.g. 2027-03-01T14:00:00+08:00' },
    },
    options,
  );

export const IsPlainDate = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isPlainDate', validator: { validate: (value) => typeof value === 'string' && isPlainDate(value), defaultMessage: () => 'must be a date YYYY-MM-DD' } },
    options,
  );
