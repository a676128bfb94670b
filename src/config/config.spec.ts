import { loadConfig, ConfigError } from './config.js';
import { parseDuration } from './duration.js';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('boots on defaults alone, typed', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, BLOOM_ROLE: 'all', JWT_ACCESS_TTL: 15 * 60_000, DEADLINE_SWEEP_ON_BOOT: true, TRUST_PROXY: false });
  });

  it('reports every bad variable at once, naming each and what is wrong', () => {
    const problems = problemsOf({ PORT: 'eighty', BLOOM_ROLE: 'both', DATABASE_URL: 'mysql://x', JWT_ACCESS_TTL: 'soon', SWAGGER_ENABLED: 'maybe' });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number from 1 to 65535 \(got "eighty"\)/);
    expect(problems.join('\n')).toMatch(/BLOOM_ROLE must be one of api, worker, all/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres: or postgresql: URL/);
    expect(problems.join('\n')).toMatch(/JWT_ACCESS_TTL must be a duration/);
    expect(problems.join('\n')).toMatch(/SWAGGER_ENABLED must be true or false/);
  });

  it('takes the business time zone as an IANA name, Asia/Shanghai by default', () => {
    expect(loadConfig({}).BUSINESS_TIME_ZONE).toBe('Asia/Shanghai');
    expect(loadConfig({ BUSINESS_TIME_ZONE: 'America/New_York' }).BUSINESS_TIME_ZONE).toBe('America/New_York');
    for (const zone of ['CST', '+08:00', 'Asia/shanghai', 'Mars/Olympus']) {
      expect(problemsOf({ BUSINESS_TIME_ZONE: zone })).toEqual([expect.stringMatching(/BUSINESS_TIME_ZONE must be an IANA time zone such as Asia\/Shanghai/)]);
    }
  });

  it('never echoes a secret in its complaint', () => {
    const [problem] = problemsOf({ JWT_SECRET: 'short-secret' });
    expect(problem).toMatch(/JWT_SECRET must be at least 32 characters long \(got a hidden value\)/);
    expect(problem).not.toContain('short-secret');
  });

  it('refuses production without a JWT secret of its own', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join()).toMatch(/JWT_SECRET is required in production/);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: '' }).join()).toMatch(/JWT_SECRET is required in production/);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'dev-only-secret-change-me-0123456789abcdef' }).join()).toMatch(/JWT_SECRET/);
    // docker-compose.yml's placeholder, so `docker compose up` without a secret fails closed.
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'placeholder-not-a-secret-set-JWT_SECRET-before-real-use' }).join()).toMatch(/JWT_SECRET/);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(40), METRICS_TOKEN: 'm'.repeat(32) })).toEqual([]);
  });

  it('refuses production without METRICS_TOKEN, naming it (metrics would be public)', () => {
    const secret = { NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(40) };
    expect(problemsOf(secret)).toEqual([expect.stringMatching(/^METRICS_TOKEN is required in production/)]);
    expect(problemsOf({ ...secret, METRICS_TOKEN: '' })).toEqual([expect.stringMatching(/^METRICS_TOKEN is required/)]);
    expect(problemsOf({ ...secret, METRICS_TOKEN: 'scraper-token' })).toEqual([]);
    // Elsewhere an empty token leaves /metrics open, as before.
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('reads trusted proxies as a list of addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(problemsOf({ TRUST_PROXY: 'the load balancer' }).join()).toMatch(/TRUST_PROXY/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1.5s', 1500],
    ['250', 250],
  ])('reads %s as %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '10 minutes', '-5s', '1e3s'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
