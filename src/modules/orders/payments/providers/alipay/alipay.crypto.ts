import { createSign, createVerify, type KeyLike } from 'node:crypto';

/**
 * Alipay's RSA2 signatures (SHA256withRSA, base64) in Node's crypto: requests sign their sorted
 * parameters, answers sign the exact text of their `<method>_response` object, and asynchronous
 * notifications sign their decoded, sorted form fields without `sign` and `sign_type`.
 */

/** A request's string to sign: parameters other than `sign` with a value, sorted by name, `k=v` joined by `&`, not encoded. */
export function requestSignContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

/** A notification's string to check: every field but `sign` and `sign_type` (empty ones too), decoded, sorted. */
export function notificationSignContent(fields: URLSearchParams): string {
  return [...fields.keys()]
    .filter((key, index, keys) => key !== 'sign' && key !== 'sign_type' && keys.indexOf(key) === index)
    .sort()
    .map((key) => `${key}=${fields.get(key)}`)
    .join('&');
}

export function rsa2Sign(privateKey: KeyLike, content: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(publicKey: KeyLike, content: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/**
 * The exact text of `"<node>": {…}` in an answer, which is what Alipay signs: re-serialising the parsed
 * object would not reproduce it byte for byte (escapes, spacing, key order). Scans braces outside strings.
 */
export function responseNodeText(answer: string, node: string): string | undefined {
  const key = answer.indexOf(`"${node}"`);
  if (key < 0) return undefined;
  let start = key + node.length + 2;
  while (start < answer.length && /[\s:]/.test(answer[start])) start += 1;
  if (answer[start] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < answer.length; i += 1) {
    const char = answer[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}' && (depth -= 1) === 0) return answer.slice(start, i + 1);
  }
  return undefined;
}

/** `alipay.trade.pay` → `alipay_trade_pay_response`, the node its answer is in. */
export function responseNode(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/** Alipay's clock is Beijing time, written `yyyy-MM-dd HH:mm:ss` (no zone). */
export function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function fromBeijingTime(text: string | undefined): Date | null {
  if (!text || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return null;
  return new Date(`${text.replace(' ', 'T')}+08:00`);
}
