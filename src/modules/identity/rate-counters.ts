import type { Redis } from 'ioredis';

/**
 * KEYS: counters that each refuse at their limit (ARGV[2..]) within a fixed window (ARGV[1]) from
 * their first count. Counts on all of them in one atomic step when none is at its limit (parallel
 * requests cannot slip past between a read and a write); else counts nothing and answers the longest
 * wait in ms.
 */
const CONSUME_ALL = `
local window = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = window
    end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, window)
  end
end
return 0`;

/**
 * Counts once on each counter (`[key, limit]`) within a fixed window from its first count, or on none
 * when one is at its limit: answers 0, or the longest wait in ms. Shared by the limiters of codes sent
 * by message (staff password resets, customer sign-ins). Throws when Redis cannot be reached: callers
 * refuse rather than run unlimited.
 */
export async function consumeAll(redis: Redis, counters: ReadonlyArray<readonly [key: string, limit: number]>, windowMs: number): Promise<number> {
  return Number(await redis.eval(CONSUME_ALL, counters.length, ...counters.map(([key]) => key), windowMs, ...counters.map(([, limit]) => limit)));
}
