/**
 * Masked forms of contact data for people who need to recognise a customer but not reach them
 * (DESIGN §4: `138****5678`). Masking happens when a response is built; the data is never stored masked.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';

/** `+8613812345678` → `138****5678`: the national number's first 3 and last 4 digits (`****4567` when it is short). */
export function maskPhone(e164: string): string {
  const national = parsePhoneNumberFromString(e164, metadata)?.nationalNumber ?? e164.replace(/\D/g, '');
  // Short national numbers (Hong Kong's 8 digits) would show nearly all of themselves: last 4 only.
  if (national.length <= 8) return `****${national.slice(-4)}`;
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** `zhang.wei@example.com` → `z***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
