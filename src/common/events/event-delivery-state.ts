import { backoffDelay } from './backoff.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export type AfterFailure = { status: 'dead' } | { status: 'pending'; delayMs: number };

/**
 * What becomes of a delivery whose attempt number `attempt` (1 = the first) failed: dead once it has
 * had `maxAttempts`, else pending again after the backoff of that attempt.
 */
export function afterFailure(attempt: number, policy: RetryPolicy, random: () => number = Math.random): AfterFailure {
  if (attempt >= policy.maxAttempts) return { status: 'dead' };
  return { status: 'pending', delayMs: backoffDelay(attempt, policy.baseMs, policy.maxMs, random) };
}

const MAX_MESSAGE = 500;

/**
 * The code and message stored for a failure (owners read them): a DomainError's code, else the
 * error's class; the message cut short. Never the payload: subscribers keep personal data out of
 * their error messages.
 */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' && code.includes('.') ? code : error.name, message: error.message.slice(0, MAX_MESSAGE) };
  }
  return { code: 'unknown', message: String(error).slice(0, MAX_MESSAGE) };
}
