import { refusedAddressReason } from './delivery/target-address.js';

export interface TargetPolicy {
  /** https only (NODE_ENV=production). */
  httpsOnly: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  allowPrivate: boolean;
}

/** The host of a URL as an address when it is an IP literal (`[::1]` → `::1`), else undefined. */
export function literalAddress(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return /^[\d.]+$/.test(host) || host.includes(':') ? host : undefined;
}

/**
 * Why `raw` cannot be an endpoint's URL under `policy`, or undefined. Names are resolved only when a
 * message is sent (they may change); an IP literal is judged now.
 */
export function urlProblem(raw: string, policy: TargetPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL (e.g. https://partner.example/webhooks)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (policy.httpsOnly && url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not hold a user name or password (messages are signed instead)';
  if (!url.hostname) return 'must name a host';
  const address = literalAddress(url);
  const reason = address && !policy.allowPrivate ? refusedAddressReason(address) : undefined;
  if (reason) return `must reach a public address, and ${address} is ${reason}`;
  return undefined;
}
