import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('booting with a bad configuration', () => {
  it('stops before doing anything, with one message naming each wrong variable', () => {
    const result = spawnSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', join(import.meta.dirname, '..', 'src', 'main.ts')], {
      env: { PATH: process.env.PATH, PORT: 'eighty', BLOOM_ROLE: 'both', JWT_SECRET: 'too-short' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78); // EX_CONFIG
    expect(result.stderr).toMatch(/^Invalid configuration:\n/);
    expect(result.stderr).toMatch(/PORT must be a whole number/);
    expect(result.stderr).toMatch(/BLOOM_ROLE must be one of api, worker, all/);
    expect(result.stderr).toMatch(/JWT_SECRET must be at least 32 characters long \(got a hidden value\)/);
    expect(result.stderr).not.toMatch(/too-short|\bat \S+\.ts:\d+/); // neither the secret nor a stack trace
  });

  it('refuses production without METRICS_TOKEN, naming the variable, so /metrics is never public there', () => {
    const result = spawnSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', join(import.meta.dirname, '..', 'src', 'main.ts')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: 'e2e-production-secret-0123456789abcdef' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78); // EX_CONFIG
    expect(result.stderr).toMatch(/^Invalid configuration:\n {2}- METRICS_TOKEN is required in production/);
  });
});
