import { createHash, timingSafeEqual } from 'node:crypto';
import type { ReceiptRequest } from '../../notification-contracts.js';

/** A header's value, whatever the case of its name. */
export function header(request: ReceiptRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Compares secrets in constant time, whatever their lengths (hashing first: timingSafeEqual wants equal lengths). */
export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The query parameters of the URL the provider called. */
export function queryOf(request: ReceiptRequest): URLSearchParams {
  try {
    return new URL(request.url).searchParams;
  } catch {
    return new URLSearchParams();
  }
}
