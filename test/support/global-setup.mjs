// Jest loads global setup outside its transform pipeline, so this file is plain ESM and registers
// the SWC loader to import the TypeScript that finds or starts PostgreSQL and Redis.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('@swc-node/register/esm', pathToFileURL('./'));

/** Finds or starts PostgreSQL and Redis, builds the migrated template; workers inherit the env. */
export default async function globalSetup() {
  const { ENV, ensureTemplate, findOrStartPostgres, findOrStartRedis } = await import('./infrastructure.ts');
  const [postgres, redis] = await Promise.all([findOrStartPostgres(), findOrStartRedis()]);
  globalThis.bloomTestServices = [postgres, redis];
  process.env[ENV.postgres] = postgres.url;
  process.env[ENV.redis] = redis.url;
  process.env[ENV.runPid] = String(process.pid);
  process.env[ENV.template] = await ensureTemplate(postgres.url);
}
