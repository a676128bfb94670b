import { createDecipheriv, createSign, createVerify, randomBytes, type KeyLike } from 'node:crypto';

/**
 * The signatures and encryption of WeChat Pay API v3 (签名生成, 签名验证, 回调报文解密), in Node's own
 * crypto: SHA256withRSA over newline-terminated lines, and AEAD_AES_256_GCM for notification resources.
 */

/** The `Authorization` header of a request: the merchant key signs method, path+query, time, nonce and body. */
export function authorization(input: {
  mchId: string;
  serialNo: string;
  privateKey: KeyLike;
  method: string;
  /** Path and query exactly as sent, e.g. `/v3/pay/transactions/out-trade-no/SO1?mchid=1900000001`. */
  pathAndQuery: string;
  body: string;
  timestamp?: number;
  nonce?: string;
}): string {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = input.nonce ?? newNonce();
  const signature = rsaSign(input.privateKey, [input.method.toUpperCase(), input.pathAndQuery, String(timestamp), nonce, input.body]);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${input.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${input.serialNo}"`;
}

/** The fields of a request's `Authorization` header (for a gateway that checks it: the tests' fake). */
export function parseAuthorization(header: string): Record<string, string> | undefined {
  const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header);
  if (!match) return undefined;
  return Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
}

/** SHA256withRSA over `lines`, each followed by `\n`, base64: the one message shape v3 signs. */
export function rsaSign(privateKey: KeyLike, lines: string[]): string {
  return createSign('RSA-SHA256')
    .update(lines.map((line) => `${line}\n`).join(''))
    .sign(privateKey, 'base64');
}

export function rsaVerify(publicKey: KeyLike, lines: string[], signature: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(lines.map((line) => `${line}\n`).join(''))
      .verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export type SignatureCheck = 'ok' | 'missing' | 'unknown_key' | 'stale' | 'bad_signature';

/** Seconds a signed answer or notification may be off our clock (WeChat Pay's guidance: 5 minutes). */
export const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Checks the `Wechatpay-*` headers of an answer or a notification: the key named by `Wechatpay-Serial`
 * is ours, the timestamp is within 5 minutes (a replayed old notice is refused), and the signature over
 * timestamp, nonce and body holds.
 */
export function verifyWechatpaySignature(headers: Record<string, string | undefined>, body: string, publicKey: { id: string; key: KeyLike }, nowMs = Date.now()): SignatureCheck {
  const { 'wechatpay-signature': signature, 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-serial': serial } = headers;
  if (!signature || !timestamp || !nonce || !serial) return 'missing';
  if (serial !== publicKey.id) return 'unknown_key';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale';
  return rsaVerify(publicKey.key, [timestamp, nonce, body], signature) ? 'ok' : 'bad_signature';
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** Decrypts a notification's `resource` with the APIv3 key; undefined when it does not authenticate. */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string | undefined {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') return undefined;
  try {
    const data = Buffer.from(resource.ciphertext, 'base64');
    // The last 16 bytes are the GCM tag.
    if (data.length < 17) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** 32 random characters of [0-9A-Z]: WeChat Pay's nonces are ≤ 32 printable characters. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
