import Bull from 'bull';
import { Redis } from 'ioredis';
import { bullClientOptions, bullRootOptions } from './bull-redis.js';

describe('Bull connections', () => {
  it('satisfy Bull: it accepts the blocking and subscriber connections, which wait for Redis however long', async () => {
    // Bull itself validates the connections it is given (MISSING_REDIS_OPTS); lazyConnect: no Redis needed.
    const made: Redis[] = [];
    const root = bullRootOptions({ REDIS_URL: 'redis://127.0.0.1:1/3', REDIS_PREFIX: 'unit' });
    const queue = new Bull('unit', {
      ...root,
      createClient: (type, options) => {
        const client = new Redis({ ...bullClientOptions(type, options), lazyConnect: true });
        made.push(client);
        return client;
      },
    });
    try {
      const lazy = queue as Bull.Queue & { eclient: Redis; bclient: Redis };
      expect(() => [lazy.client, lazy.eclient, lazy.bclient]).not.toThrow();
      const [client, subscriber, blocking] = made.map((redis) => redis.options);
      expect(blocking).toMatchObject({ maxRetriesPerRequest: null, enableReadyCheck: false });
      expect(subscriber).toMatchObject({ maxRetriesPerRequest: null, enableReadyCheck: false });
      // The command connection gives up on a command after one reconnection attempt.
      expect(client.maxRetriesPerRequest).toBe(1);
      // It is ready once Redis answers, not once a socket connects; no connection sends CLIENT SETINFO.
      expect(client.enableReadyCheck).toBe(true);
      expect(made.map((redis) => redis.options.disableClientInfo)).toEqual([true, true, true]);
      // REDIS_URL reaches every connection (Bull parses it), REDIS_PREFIX every key.
      expect(made.map((redis) => [redis.options.port, Number(redis.options.db)])).toEqual([
        [1, 3],
        [1, 3],
        [1, 3],
      ]);
      expect(queue.toKey('x')).toBe('unit:unit:x');
      // A dead worker's job is taken over within seconds (JOB_LOCKS), not Bull's 30 to 60 s.
      expect((queue as Bull.Queue & { settings: Bull.AdvancedSettings }).settings).toMatchObject({ lockDuration: 6000, lockRenewTime: 2000, stalledInterval: 3000 });
    } finally {
      for (const redis of made) redis.disconnect();
    }
  });

  it('connect and reconnect within seconds', () => {
    for (const type of ['client', 'subscriber', 'bclient'] as const) {
      const options = bullClientOptions(type, {});
      expect(options.connectTimeout).toBeLessThanOrEqual(2000);
      expect([1, 5, 50, 5000].map((attempt) => options.retryStrategy!(attempt))).toEqual([200, 1000, 2000, 2000]);
    }
  });
});
