import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
// The full metadata (exact number patterns, not only lengths), imported by package name: Jest maps
// relative `*.json.js` imports to the `.json` files, which the `max` entry point would trip over.
import metadata from 'libphonenumber-js/metadata.max.json';

/** Phones written without a country code are read as numbers of this region. */
export const DEFAULT_PHONE_REGION: CountryCode = 'CN';

/**
 * E.164 form of a phone number (`+8613812345678`), or undefined when it is not a valid number.
 * Spaces, dashes and a `00` international prefix are accepted; other countries' numbers need their
 * `+` (or `00`) prefix unless `region` says otherwise.
 */
export function normalisePhone(raw: unknown, region: CountryCode = DEFAULT_PHONE_REGION): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text.length === 0 || text.length > 32 || /[a-z]/i.test(text)) return undefined;
  const phone = parsePhoneNumberFromString(text, region, metadata);
  return phone?.isValid() ? phone.number : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased, trimmed e-mail, or undefined when it does not look like one. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : undefined;
}
