/**
 * Time zones, currencies and countries as Bloom accepts them. Pure, backed by the ICU data Node
 * ships (Intl) and libphonenumber-js's country list.
 */
import { getCountries } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const COUNTRIES = new Set<string>(getCountries(metadata));

/** Area/Location names as IANA spells them (`Asia/Shanghai`, `America/Argentina/Buenos_Aires`). */
const IANA_NAME = /^[A-Z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+$/;

/**
 * An IANA time zone name: one Node lists in `Intl.supportedValuesOf('timeZone')`, `UTC`, or an IANA
 * alias of one (Node 20's list holds the old canonical names, so `Asia/Kolkata` is accepted as an
 * alias of `Asia/Calcutta`). Abbreviations (`CST`, `EST`, `PRC`), offsets (`+08:00`) and odd casing
 * are refused: `CST` means Chicago to ICU and China to a person.
 */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  if (value === 'UTC' || ZONES.has(value)) return true;
  if (!IANA_NAME.test(value)) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    const known = resolved === 'UTC' || ZONES.has(resolved);
    // `Asia/shanghai` resolves to `Asia/Shanghai`: an alias must be a different name, not a case variant.
    return known && resolved.toLowerCase() !== value.toLowerCase();
  } catch {
    return false;
  }
}

/** An ISO 4217 currency code Node knows, upper case (`CNY`). */
export function isIsoCurrency(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);
}

/** An ISO 3166-1 alpha-2 country code, upper case (`CN`). */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && COUNTRIES.has(value);
}
