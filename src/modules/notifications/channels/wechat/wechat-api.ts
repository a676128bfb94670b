/** A WeChat API answer: `errcode` 0 or absent means success. */
export interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

/**
 * One JSON POST to the WeChat API. The raw text comes back too: WeChat's message ids are 64-bit
 * numbers that JSON.parse would round. Non-2xx answers and transport failures throw (retried); an
 * answer with an errcode is the caller's to judge.
 */
export async function postWeChat(url: string, body: unknown, timeoutMs: number): Promise<{ answer: WeChatAnswer; raw: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  const raw = await response.text();
  if (!response.ok) throw new Error(`WeChat answered HTTP ${response.status}`);
  try {
    return { answer: JSON.parse(raw) as WeChatAnswer, raw };
  } catch {
    throw new Error('WeChat answered something that is not JSON');
  }
}
