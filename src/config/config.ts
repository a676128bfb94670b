import { CONFIG_SCHEMA, type AppConfigValues, type ConfigKey, type VariableSpec } from './config.schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Secrets printed in this repository (the development default, docker-compose's placeholder): anyone can forge tokens with them. */
const PUBLIC_SECRETS: string[] = [CONFIG_SCHEMA.JWT_SECRET.default, 'placeholder-not-a-secret-set-JWT_SECRET-before-real-use'];

/** Reads and validates every variable at once, so one boot reports every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfigValues {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_SCHEMA) as [ConfigKey, VariableSpec<unknown>][]) {
    const raw = env[key] === undefined || env[key] === '' ? spec.default : env[key];
    if (raw === undefined) {
      problems.push(`${key} is required: ${spec.description}`);
      continue;
    }
    const parsed = spec.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed) {
      problems.push(`${key} ${String(parsed.error)} (got ${spec.secret ? 'a hidden value' : JSON.stringify(raw)})`);
      continue;
    }
    values[key] = parsed;
  }
  if (values.NODE_ENV === 'production' && (!env.JWT_SECRET || PUBLIC_SECRETS.includes(env.JWT_SECRET))) {
    problems.push('JWT_SECRET is required in production (32+ random characters, e.g. `openssl rand -hex 32`): the public default and placeholder must never sign real tokens');
  }
  if (values.NODE_ENV === 'production' && !env.METRICS_TOKEN) {
    problems.push('METRICS_TOKEN is required in production (e.g. `openssl rand -hex 32`): without it GET /metrics is open to anyone who reaches the API');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as AppConfigValues;
}

export type { AppConfigValues };

export function renderEnvExample(): string {
  const lines = [
    '# Bloom configuration, generated from src/config/config.schema.ts (npm run cli -- env-example).',
    '# Copy to .env and uncomment what you change: every variable is optional unless marked required,',
    '# and the commented lines show the defaults.',
    '',
  ];
  for (const [key, spec] of Object.entries(CONFIG_SCHEMA) as [ConfigKey, VariableSpec<unknown>][]) {
    lines.push(`# ${spec.description}`);
    lines.push(spec.default === undefined ? `# required\n${key}=` : `# ${key}=${spec.secret ? '' : spec.default}`);
    lines.push('');
  }
  return lines.join('\n');
}
