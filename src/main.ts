import 'reflect-metadata';
import { loadConfig, ConfigError } from './config/index.js';
import { createApp } from './configure-app.js';
import { drainOnSigterm } from './common/health/drain.js';

/** Entry point. BLOOM_ROLE=api serves HTTP only, worker runs jobs only, all (default) does both. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp({ config });
  if (config.BLOOM_ROLE === 'worker') {
    await app.init();
    drainOnSigterm(app, 0); // no requests to drain
  } else {
    await app.listen({ port: config.PORT, host: config.HOST });
    drainOnSigterm(app, config.SHUTDOWN_DRAIN);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
