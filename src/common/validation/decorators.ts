/** class-validator decorators for values every module meets: zones, currencies, countries, phones. */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCountryCode, isIanaTimeZone, isIsoCurrency } from './locale.js';
import { normalisePhone } from './phone.js';
import { isPlainDate } from '../clock/index.js';

export const IsIanaTimeZone = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isIanaTimeZone', validator: { validate: isIanaTimeZone, defaultMessage: () => 'must be an IANA time zone such as Asia/Shanghai' } }, options);

export const IsIsoCurrency = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isIsoCurrency', validator: { validate: isIsoCurrency, defaultMessage: () => 'must be an ISO 4217 currency code such as CNY' } }, options);

export const IsCountryCode = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isCountryCode', validator: { validate: isCountryCode, defaultMessage: () => 'must be an ISO 3166-1 alpha-2 country code such as CN' } }, options);

/** Valid phone number (checked after `@Transform(phoneToE164)` turned it into E.164 where it could). */
export const IsPhone = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPhone',
      validator: {
        validate: (value) => typeof value === 'string' && normalisePhone(value) === value,
        defaultMessage: () => 'must be a valid phone number (China by default; others with their + country code)',
      },
    },
    options,
  );

/** The transform for phone fields: E.164 when the number is valid, the input unchanged otherwise. */
export const phoneToE164 = ({ value }: { value: unknown }) => (typeof value === 'string' ? (normalisePhone(value) ?? value) : value);

/**
 * A quantity with at most `places` decimals, more than `greaterThan` and at most `max`, checked as a
 * number (not by printing it: JavaScript prints 1e-7 in exponent form). One message states it all.
 */
export const IsDecimalNumber = ({ places, greaterThan, max }: { places: number; greaterThan: number; max: number }, options?: ValidationOptions) => {
  const scale = 10 ** places;
  return ValidateBy(
    {
      name: 'isDecimalNumber',
      validator: {
        validate: (value) => {
          if (typeof value !== 'number' || !Number.isFinite(value) || value <= greaterThan || value > max) return false;
          // value × 10^places must be whole; the tolerance absorbs binary rounding (0.3 × 1000 = 300.00000000000006).
          const scaled = value * scale;
          return Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled)) && Math.round(scaled) !== 0;
        },
        defaultMessage: () => `must be a number with at most ${places} decimal places, greater than ${greaterThan} and at most ${max}`,
      },
    },
    options,
  );
};

/** A calendar date, `YYYY-MM-DD`, that exists (no 31 February). */
export const IsPlainDate = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isPlainDate', validator: { validate: (value) => typeof value === 'string' && isPlainDate(value), defaultMessage: () => 'must be a date YYYY-MM-DD' } },
    options,
  );

const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant with its offset (`2027-03-01T14:00:00+08:00`): nothing left to guess about the zone. At most
 * milliseconds, so list cursors made from them round-trip exactly.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isPlainDate(match[1]) && !Number.isNaN(Date.parse(value));
}

export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: () => 'must be a time with its offset, e.g. 2027-03-01T14:00:00+08:00' } }, options);
