import type { PaymentProviderName } from './payment-provider.js';
import { PaymentProviderError } from './payment-provider.errors.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as received: signatures cover its exact text. */
  text: string;
}

/**
 * One request to a provider's gateway with a deadline. A transport failure or timeout is `unavailable`:
 * the request may have reached the provider, so the caller must treat the outcome as unknown.
 */
export async function providerRequest(provider: PaymentProviderName, url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    throw new PaymentProviderError(provider, 'unavailable', `${provider === 'wechat_pay' ? 'WeChat Pay' : 'Alipay'} could not be reached: ${reason}.`);
  }
}

/** JSON or undefined: an answer or notification that is not JSON is the caller's error to name. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
