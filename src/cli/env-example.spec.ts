import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnvExample } from '../config/index.js';

describe('.env.example', () => {
  it('is what the configuration schema generates (regenerate with: npm run cli -- env-example)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');
    expect(committed).toBe(renderEnvExample());
  });
});
