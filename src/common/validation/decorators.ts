/** class-validator decorators for values every module meets: zones, currencies, countries, phones. */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCountryCode, isIanaTimeZone, isIsoCurrency } from './locale.js';
import { normalisePhone } from './phone.js';

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
